#pragma once

// The Stripe API version every request pins with the Stripe-Version header.
// One place, so an upgrade is one reviewed change: a newer version can change
// the shape of objects the engine reads (events keep the version of their
// creation whatever this says).
inline constexpr char kStripeApiVersion[] = "2024-06-20";
