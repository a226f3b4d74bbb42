// The webhook benchmark's peer (scripts/bench.sh webhook): what a small
// Node shop would write. Express, stripe-node's constructEvent on the raw
// body (signature, tolerance), the same cart rules in outline, and money
// owed kept in memory per artist: no durability at all, so it is a generous
// peer. Usage: STRIPE_WEBHOOK_SECRET=whsec_... node server.js PORT
'use strict';
const express = require('express');
const Stripe = require('stripe');

const stripe = new Stripe('sk_test_peer_not_used');
const secret = process.env.STRIPE_WEBHOOK_SECRET;
const port = Number(process.argv[2] || 0);
const owed = new Map(); // artist -> minor units
const seen = new Set(); // event ids
let received = 0;

const app = express();
app.post('/webhook', express.raw({ type: '*/*' }), (req, res) => {
  let event;
  try {
    event = stripe.webhooks.constructEvent(req.body, req.headers['stripe-signature'], secret);
  } catch (err) {
    res.status(400).json({ error: err.message });
    return;
  }
  received++;
  if (!seen.has(event.id)) {
    seen.add(event.id);
    const session = event.data && event.data.object;
    if (event.type === 'checkout.session.completed' && session && session.payment_status === 'paid' &&
        session.metadata && session.metadata.purchase_type === 'cart') {
      let json = '';
      for (let i = 1; session.metadata[i === 1 ? 'cart_items' : `cart_items_${i}`] !== undefined; i++)
        json += session.metadata[i === 1 ? 'cart_items' : `cart_items_${i}`];
      for (const item of JSON.parse(json))
        owed.set(item.artist, (owed.get(item.artist) || 0) + item.amount);
    }
  }
  res.json({ received: true, id: event.id });
});
app.get('/stats', (req, res) => res.json({ received, events: seen.size, artists: owed.size }));

const server = app.listen(port, '127.0.0.1', () => {
  console.log(`peer listening on 127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
