#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

// Verifies Stripe's `Stripe-Signature` header (STRIPE.md, "Webhooks"): an
// HMAC-SHA256 of "<t>.<raw body>" keyed with the whole whsec_ secret, as
// lower-case hex, matching any v1 value, within a tolerance of `now`.
namespace WebhookSignature {

enum class Verdict { Valid, MissingHeader, Malformed, NoV1Signature, Mismatch, TooOld, TooNew };
QString describe(Verdict v);

inline constexpr qint64 kDefaultToleranceSecs = 300;

Verdict verify(const QByteArray &header, const QByteArray &body, const QByteArray &secret,
               qint64 nowSecs, qint64 toleranceSecs = kDefaultToleranceSecs);

// The header Stripe would send for body at time t; used by tests, the
// benchmark and `payoutdesk` tooling that replays events locally.
QByteArray sign(const QByteArray &body, const QByteArray &secret, qint64 t);

} // namespace WebhookSignature
