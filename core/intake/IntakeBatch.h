#pragma once

// Private to Intake.cpp: how one batch of validated events changes the
// ledger. Kept apart from Intake's orchestration (parsing, signals, replay).

#include "account/AccountRules.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QHash>
#include <QSet>
#include <QVarLengthArray>

#include <algorithm>
#include <limits>

// One transaction's worth of intake: what each kind of event means for the
// ledger (EVENTS.md), the per-batch aggregates, and what to announce once
// the transaction has committed. The storage is the ledger's IntakeStore:
// this is the path a bulk import of a hundred thousand events takes.
class Intake::Batch
{
public:
    Batch(Ledger &ledger, IntakeSource source, QHash<QString, QString> &accounts, bool live)
        : m_ledger(ledger)
        , m_store(ledger.intake())
        , m_source(sourceName(source))
        , m_now(ledger.clock().nowMs())
        , m_accounts(accounts)
        , m_live(live)
    {}

    Status begin()
    {
        const Result<bool> any = m_store.anyRefunds();
        if (!any)
            return fail(any.error());
        m_refundsExist = *any;
        return {};
    }

    Result<IntakeOutcome> process(const ParsedEvent &parsed)
    {
        const QString &eventId = parsed.event ? parsed.event->id : parsed.event.error().eventId;
        if (!eventId.isEmpty()) {
            const Result<QString> earlier = processedOutcome(eventId);
            if (!earlier)
                return fail(earlier.error());
            if (!earlier->isEmpty())
                return IntakeOutcome{IntakeOutcome::Kind::Duplicate, eventId,
                                     QStringLiteral("already processed (%1)").arg(*earlier)};
        }
        if (!parsed.event)
            return quarantine(parsed.body, parsed.event.error());

        const StripeEvent &ev = *parsed.event;
        const Result<QString> refused = refusal(ev);
        if (!refused)
            return fail(refused.error());
        if (!refused->isEmpty())
            return quarantine(parsed.body, EventRejection{ev.id, ev.type, *refused});
        using K = StripeEvent::Kind;
        Result<IntakeOutcome> outcome;
        switch (ev.kind) {
        case K::Other:
            outcome = IntakeOutcome{IntakeOutcome::Kind::Ignored, ev.id,
                                    QStringLiteral("type %1 is not read").arg(ev.type)};
            break;
        case K::CheckoutCompleted:
        case K::AsyncPaymentSucceeded:
            if (ev.kind == K::CheckoutCompleted && ev.session->paymentStatus == u"unpaid")
                outcome = rememberUnpaid(ev);
            else
                outcome = recordPurchase(ev);
            break;
        case K::AsyncPaymentFailed:
            outcome = paymentFailed(ev);
            break;
        case K::ChargeRefunded:
            outcome = refund(ev);
            break;
        case K::AccountUpdated:
            outcome = accountUpdated(ev);
            break;
        }
        if (!outcome)
            return outcome;
        if (Status s = markProcessed(ev.id, ev.type, outcomeName(outcome->kind)); !s)
            return fail(s.error());
        return outcome;
    }

    // Writes the batch's aggregated totals: money ingested, and the state
    // buckets of the entries it inserted.
    Status finish()
    {
        QList<TotalsDelta> deltas;
        deltas.reserve(m_totals.size());
        for (auto it = m_totals.cbegin(); it != m_totals.cend(); ++it) {
            TotalsDelta d = *it;
            d.artist = it.key().first;
            d.currency = it.key().second;
            deltas.append(std::move(d));
        }
        return m_store.addTotals(deltas);
    }

    QList<CartPurchase> purchases;
    QList<std::pair<QString, QString>> quarantined;
    QList<std::pair<QString, QList<qint64>>> reversals;

private:
    Status audit(const QString &action, const QString &detail, const QString &artist = {})
    {
        return m_ledger.auditLog().append(m_source, action, artist, 0, detail);
    }

    Result<QString> processedOutcome(const QString &eventId)
    {
        return m_store.processedOutcome(eventId);
    }

    Status markProcessed(const QString &eventId, const QString &type, const QString &outcome)
    {
        return m_store.markProcessed(eventId, type, m_source, outcome);
    }

    Result<IntakeOutcome> quarantine(const QByteArray &body, const EventRejection &why)
    {
        if (Status s = m_store.quarantine(why.eventId, why.type, m_source, why.reason, body); !s)
            return fail(s.error());
        if (!why.eventId.isEmpty()) {
            if (Status s = markProcessed(why.eventId, why.type, QStringLiteral("quarantined")); !s)
                return fail(s.error());
        }
        if (Status s = audit(QStringLiteral("event.quarantined"),
                             why.eventId + QStringLiteral(": ") + why.reason);
            !s)
            return fail(s.error());
        quarantined.append({why.eventId, why.reason});
        return IntakeOutcome{IntakeOutcome::Kind::Quarantined, why.eventId, why.reason};
    }

    // The rules of EVENTS.md that need the engine's mode or what the ledger
    // already holds; the reason to quarantine `ev`, or empty. Runs before
    // anything of the event is written.
    Result<QString> refusal(const StripeEvent &ev)
    {
        m_known.reset();
        m_seen.reset();
        if (const auto why = engineRejection(ev, EngineMode{m_live, m_now / 1000}))
            return *why;
        if (!ev.session)
            return QString();
        const CheckoutSession &s = *ev.session;
        Result<std::optional<SaleRecord>> known = m_store.sale(s.id);
        if (!known)
            return fail(known.error());
        m_known = std::move(*known);
        if (m_known && !m_known->paymentIntent.isEmpty() && !s.paymentIntent.isEmpty() &&
            m_known->paymentIntent != s.paymentIntent)
            return QStringLiteral("Checkout Session %1 was recorded with payment intent %2; this "
                                  "event names another payment intent %3. A session has one "
                                  "payment intent: nothing recorded")
                .arg(s.id, m_known->paymentIntent, s.paymentIntent);
        if (ev.kind == StripeEvent::Kind::AsyncPaymentFailed && m_known &&
            m_known->paymentStatus == u"paid")
            return QStringLiteral("Checkout Session %1 is already recorded as paid; a later "
                                  "async_payment_failed does not undo a paid sale. Nothing "
                                  "changed: check the payment in Stripe")
                .arg(s.id);
        if (s.items.isEmpty() || ev.kind == StripeEvent::Kind::AsyncPaymentFailed)
            return QString();
        // Only a paid cart adds money owed (a single-track purchase is an
        // instant split; an unpaid session waits for its payment).
        const bool owes =
            s.purchaseType != u"single" &&
            !(ev.kind == StripeEvent::Kind::CheckoutCompleted && s.paymentStatus == u"unpaid");
        if (owes) {
            const Result<QString> tooMuch = overflowRefusal(s);
            if (!tooMuch || !tooMuch->isEmpty())
                return tooMuch;
        }
        const Result<bool> seen = m_store.hasEntries(s.paymentIntent);
        if (!seen)
            return fail(seen.error());
        m_seen = *seen;
        for (qsizetype i = 0; *seen && i < s.items.size(); ++i) {
            const CartItem &item = s.items.at(i);
            const Result<std::optional<qint64>> amount =
                m_store.entryAmount(s.paymentIntent, item.artist, item.track, item.kind);
            if (!amount)
                return fail(amount.error());
            if (*amount && **amount != item.amountMinor)
                return QStringLiteral("conflicting duplicate: payment intent %1, artist %2, "
                                      "track %3, kind %4 is recorded with amount %5; cart item "
                                      "%6 says %7. Nothing recorded")
                    .arg(s.paymentIntent, item.artist,
                         item.track.isEmpty() ? QStringLiteral("(none)") : item.track,
                         kindName(item.kind))
                    .arg(**amount)
                    .arg(i + 1)
                    .arg(item.amountMinor);
        }
        return QString();
    }

    // Money owed to an artist in a currency must stay within 64 bits: a sum
    // that would overflow is refused, never wrapped (ARCHITECTURE.md). The
    // event's items for each artist, added to what the ledger and this batch
    // hold already; duplicate items count too, so the check errs on the safe
    // side.
    Result<QString> overflowRefusal(const CheckoutSession &s)
    {
        QVarLengthArray<std::pair<const QString *, qint64>, 8> perArtist;
        for (const CartItem &item : s.items) {
            auto it = std::find_if(perArtist.begin(), perArtist.end(),
                                   [&item](const auto &p) { return *p.first == item.artist; });
            if (it == perArtist.end()) {
                perArtist.append({&item.artist, 0});
                it = perArtist.end() - 1;
            }
            if (__builtin_add_overflow(it->second, item.amountMinor, &it->second))
                return tooMuchFor(item.artist, s.currency);
        }
        for (const auto &[artist, amount] : perArtist) {
            const std::pair<QString, QString> key{*artist, s.currency};
            auto base = m_ingestedBefore.constFind(key);
            if (base == m_ingestedBefore.cend()) {
                const Result<qint64> stored = m_store.ingestedTotal(*artist, s.currency);
                if (!stored)
                    return fail(stored.error());
                base = m_ingestedBefore.insert(key, *stored);
            }
            qint64 total = *base;
            const auto batch = m_totals.constFind(key);
            if ((batch != m_totals.cend() &&
                 __builtin_add_overflow(total, batch->ingested.amountMinor, &total)) ||
                __builtin_add_overflow(total, amount, &total))
                return tooMuchFor(*artist, s.currency);
        }
        return QString();
    }

    static QString tooMuchFor(const QString &artist, const QString &currency)
    {
        return QStringLiteral("the money owed to %1 in %2 would exceed the largest amount the "
                              "ledger holds (%3 minor units): nothing recorded")
            .arg(artist, currency.toUpper())
            .arg(std::numeric_limits<qint64>::max());
    }

    Status upsertSale(const StripeEvent &ev, const QString &paymentStatus)
    {
        const CheckoutSession &s = *ev.session;
        return m_store.upsertSale(SaleRecord{s.id, s.paymentIntent, s.purchaseType, paymentStatus,
                                             s.amountTotal, s.currency,
                                             s.created.toMSecsSinceEpoch(), ev.id});
    }

    Result<IntakeOutcome> rememberUnpaid(const StripeEvent &ev)
    {
        // Delivered after its async_payment_succeeded: a paid sale stays paid.
        if (m_known && m_known->paymentStatus == u"paid")
            return IntakeOutcome{IntakeOutcome::Kind::Ignored, ev.id,
                                 QStringLiteral("%1 is already paid; its unpaid completion "
                                                "changes nothing")
                                     .arg(ev.session->id)};
        if (Status s = upsertSale(ev, QStringLiteral("unpaid")); !s)
            return fail(s.error());
        return IntakeOutcome{IntakeOutcome::Kind::Remembered, ev.id,
                             QStringLiteral("%1 awaits payment").arg(ev.session->id)};
    }

    Result<IntakeOutcome> paymentFailed(const StripeEvent &ev)
    {
        if (Status s = upsertSale(ev, QStringLiteral("failed")); !s)
            return fail(s.error());
        return IntakeOutcome{
            IntakeOutcome::Kind::PaymentFailed, ev.id,
            QStringLiteral("%1: payment failed, nothing owed").arg(ev.session->id)};
    }

    // The artist's account, creating or linking the artist as the item says.
    Result<QString> accountFor(const CartItem &item)
    {
        auto cached = m_accounts.constFind(item.artist);
        if (cached == m_accounts.cend()) {
            const Result<std::optional<QString>> known = m_ledger.accounts().account(item.artist);
            if (!known)
                return fail(known.error());
            std::optional<QString> account = *known;
            if (!account) {
                if (Status s = m_ledger.accounts().setAccount(item.artist, item.account); !s)
                    return fail(s.error());
                account = item.account;
            }
            cached = m_accounts.insert(item.artist, *account);
        }
        if (cached->isEmpty() && !item.account.isEmpty()) {
            const Result<int> released = AccountRules::link(
                m_ledger, item.artist, item.account, m_source, QStringLiteral("from a cart item"));
            if (!released)
                return fail(released.error());
            m_accounts[item.artist] = item.account;
            cached = m_accounts.constFind(item.artist);
        }
        return *cached;
    }

    Result<IntakeOutcome> recordPurchase(const StripeEvent &ev)
    {
        const CheckoutSession &s = *ev.session;
        if (Status st = upsertSale(ev, QStringLiteral("paid")); !st)
            return fail(st.error());
        if (s.purchaseType == u"single") {
            if (Status st = audit(QStringLiteral("sale.instant_split"),
                                  QStringLiteral("%1 paid to the artist at charge time").arg(s.id));
                !st)
                return fail(st.error());
            return IntakeOutcome{
                IntakeOutcome::Kind::Recorded, ev.id,
                QStringLiteral("%1: single-track instant split, nothing owed").arg(s.id)};
        }

        bool refunded = false;
        if (m_refundsExist) {
            const Result<bool> r = m_store.isRefunded(s.paymentIntent);
            if (!r)
                return fail(r.error());
            refunded = *r;
        }
        // Only a payment intent seen before can have duplicates, so the
        // per-item check is skipped for the common, new purchase. refusal()
        // has usually asked already, before anything of the event was written.
        const Result<bool> seen =
            m_seen ? Result<bool>(*m_seen) : m_store.hasEntries(s.paymentIntent);
        if (!seen)
            return fail(seen.error());

        NewEntries entries{s.currency, s.id, s.paymentIntent, ev.id, s.created.toMSecsSinceEpoch(),
                           {}};
        entries.rows.reserve(s.items.size());
        // The items taken so far: a cart has a handful, so a scan costs less
        // than building and hashing a key per item.
        QVarLengthArray<const CartItem *, 8> inThisCart;
        int duplicates = 0;
        for (const CartItem &item : s.items) {
            bool duplicate =
                std::any_of(inThisCart.cbegin(), inThisCart.cend(), [&item](const CartItem *taken) {
                    return taken->kind == item.kind && taken->artist == item.artist &&
                           taken->track == item.track;
                });
            if (!duplicate && *seen) {
                const Result<bool> dup =
                    m_store.hasEntry(s.paymentIntent, item.artist, item.track, item.kind);
                if (!dup)
                    return fail(dup.error());
                duplicate = *dup;
            }
            if (duplicate) {
                ++duplicates;
                continue;
            }
            inThisCart.append(&item);
            const Result<QString> account = accountFor(item);
            if (!account)
                return fail(account.error());

            NewEntries::Row row{item.artist, item.amountMinor,    item.kind,
                                item.track,  EntryState::Pending, {},
                                item.title};
            if (refunded) {
                row.state = EntryState::Void;
                row.reason = Reason::Refunded;
            } else if (account->isEmpty()) {
                row.state = EntryState::Held;
                row.reason = Reason::NoPayoutAccount;
            }
            entries.rows.append(row);
        }

        CartPurchase purchase;
        purchase.eventId = ev.id;
        purchase.sessionId = s.id;
        purchase.currency = s.currency;
        if (Status st = m_store.insertEntries(entries, purchase.entryIds); !st)
            return fail(st.error());
        for (const NewEntries::Row &row : std::as_const(entries.rows)) {
            if (!purchase.artists.contains(row.artist))
                purchase.artists.append(row.artist);
            purchase.totalMinor += row.amountMinor;
            TotalsDelta &sums = m_totals[{row.artist, s.currency}];
            add(sums.ingested, row.amountMinor);
            add(sums.byState[std::size_t(row.state)], row.amountMinor);
        }

        QString detail = QStringLiteral("%1: %2 entries, %3 %4")
                             .arg(s.id)
                             .arg(purchase.entryIds.size())
                             .arg(Money(purchase.totalMinor, s.currency).toDecimalString(),
                                  s.currency.toUpper());
        if (duplicates > 0)
            detail += QStringLiteral(", %1 duplicate items skipped").arg(duplicates);
        if (refunded)
            detail += QStringLiteral(", voided: refunded before it arrived");
        if (Status st = audit(QStringLiteral("purchase.recorded"), detail); !st)
            return fail(st.error());
        const int inserted = int(purchase.entryIds.size());
        if (inserted > 0 && !refunded)
            purchases.append(std::move(purchase));
        return IntakeOutcome{IntakeOutcome::Kind::Recorded, ev.id, detail, inserted};
    }

    Result<IntakeOutcome> refund(const StripeEvent &ev)
    {
        const ChargeRefund &r = *ev.refund;
        if (!r.full || r.paymentIntent.isEmpty())
            return IntakeOutcome{IntakeOutcome::Kind::Ignored, ev.id,
                                 r.full ? QStringLiteral("refund without a payment intent")
                                        : QStringLiteral("partial refund: entries unchanged")};
        const Result<RefundEffect> effect =
            m_store.applyFullRefund(r.paymentIntent, ev.id, Reason::Refunded);
        if (!effect)
            return fail(effect.error());
        m_refundsExist = true;
        const int voided = effect->voided;
        const QList<qint64> &paid = effect->paidOrSending;
        QString detail = QStringLiteral("%1: %2 entries voided").arg(r.paymentIntent).arg(voided);
        if (!paid.isEmpty()) {
            QStringList ids;
            for (qint64 id : std::as_const(paid))
                ids << QString::number(id);
            detail += QStringLiteral("; entries %1 were already transferred: the next payout "
                                     "run takes their share back with a transfer reversal")
                          .arg(ids.join(QStringLiteral(", ")));
            reversals.append({r.paymentIntent, paid});
        }
        if (Status st = audit(QStringLiteral("refund.applied"), detail); !st)
            return fail(st.error());
        return IntakeOutcome{IntakeOutcome::Kind::Refunded, ev.id, detail};
    }

    Result<IntakeOutcome> accountUpdated(const StripeEvent &ev)
    {
        const AccountUpdate &a = *ev.account;
        if (!a.canReceiveTransfers())
            return IntakeOutcome{
                IntakeOutcome::Kind::Ignored, ev.id,
                QStringLiteral("%1 cannot receive transfers yet (transfers: %2%3)")
                    .arg(a.accountId,
                         a.transfersCapability.isEmpty() ? QStringLiteral("not requested")
                                                         : a.transfersCapability,
                         a.disabledReason.isEmpty() ? QString()
                                                    : QStringLiteral(", ") + a.disabledReason)};
        const Result<int> released = AccountRules::accountReady(
            m_ledger, a.accountId, m_source, QStringLiteral("account.updated %1").arg(ev.id));
        if (!released)
            return fail(released.error());
        return IntakeOutcome{IntakeOutcome::Kind::AccountReady, ev.id,
                             QStringLiteral("%1 can receive transfers: %2 held entries released")
                                 .arg(a.accountId)
                                 .arg(*released)};
    }

    // overflowRefusal() proved that the ingested sum fits; a state's sum is
    // part of it.
    static void add(TotalsDelta::Sum &sum, qint64 amount)
    {
        sum.amountMinor += amount;
        ++sum.entries;
    }

    Ledger &m_ledger;
    IntakeStore &m_store;
    QString m_source;
    qint64 m_now;
    QHash<QString, QString> &m_accounts;
    bool m_refundsExist = false;
    bool m_live;                       // the engine runs with a live Stripe key
    std::optional<SaleRecord> m_known; // the current event's session, as recorded
    // Whether the current event's payment intent already has entries, when
    // refusal() asked; nothing of the event is written in between.
    std::optional<bool> m_seen;
    // What the ledger held for (artist, currency) when this batch began, as
    // far as overflowRefusal() needed to know.
    QHash<std::pair<QString, QString>, qint64> m_ingestedBefore;
    // (artist, currency) -> what this batch added, for finish().
    QHash<std::pair<QString, QString>, TotalsDelta> m_totals;
};
