#pragma once

#include "intake/StripeEvent.h"
#include "util/Error.h"

#include <QObject>

#include <functional>

class Ledger;

enum class IntakeSource { Webhook, Poll, Import, Replay };
QString sourceName(IntakeSource source);
// The tag a source's log lines carry: [WEBHOOK], [POLL], [IMPORT], [REPLAY].
QString sourceTag(IntakeSource source);

// What became of one event.
struct IntakeOutcome
{
    enum class Kind {
        Recorded,      // a paid purchase: entries added (cart) or an instant split noted (single)
        Remembered,    // an unpaid session, kept until its payment succeeds or fails
        PaymentFailed, // an unpaid session whose payment failed: nothing owed
        Refunded,      // a full refund: pending entries of the payment intent voided
        AccountReady,  // account.updated: the account can receive transfers; its holds released
        Ignored,       // a type Payout Desk does not read, or a partial refund
        Duplicate,     // an event id seen before: nothing changed
        Quarantined,   // refused whole, with its reason, for the admin to look at
    };
    Kind kind = Kind::Ignored;
    QString eventId;
    QString detail;
    int entriesAdded = 0;
};
QString outcomeName(IntakeOutcome::Kind kind);

// Sent after a cart purchase's entries are committed; the scheduler uses it
// to plan a fast payout.
struct CartPurchase
{
    QString eventId;
    QString sessionId;
    QString currency;
    QList<qint64> entryIds;
    QStringList artists;
    qint64 totalMinor = 0;
};
Q_DECLARE_METATYPE(CartPurchase)

// An event body with the result of validating it. Parsing is pure, so a
// batch can be parsed on other threads while the previous one is written.
struct ParsedEvent
{
    QByteArray body;
    std::expected<StripeEvent, EventRejection> event;
};

// The one validated path by which sales enter the ledger, whatever door they
// came through (webhook, Events API poller, file import, quarantine replay).
// A batch is one transaction: its events are all applied or, on a database
// error, none are. Validation happens before any write, so a bad event is
// quarantined whole and never half applied.
class Intake final : public QObject
{
    Q_OBJECT
public:
    explicit Intake(Ledger &ledger, QObject *parent = nullptr);

    // Validates bodies (in parallel for large lists). Thread-safe.
    static QList<ParsedEvent> parse(const QList<QByteArray> &bodies);

    Result<QList<IntakeOutcome>> ingest(const QList<QByteArray> &bodies, IntakeSource source);
    // `alsoInTransaction`, when given, runs after the events inside the same
    // transaction (the inbox applier marks its rows applied there), and its
    // error rolls everything back.
    Result<QList<IntakeOutcome>>
    ingestParsed(const QList<ParsedEvent> &events, IntakeSource source,
                 const std::function<Status()> &alsoInTransaction = {});
    Result<IntakeOutcome> ingestOne(const QByteArray &body, IntakeSource source);

    // A long list of events (an imported file) in transactions of at most
    // `batchSize` events. Validation runs on other threads in small chunks a
    // little ahead of the writer, so writing starts at once instead of after a
    // whole batch was validated. `committed` sees each batch's outcomes after
    // its commit. On an error the failing batch left nothing behind and the
    // batches before it stay committed; intake deduplicates, so ingesting the
    // same list again is safe.
    Status ingestInBatches(const QList<QByteArray> &bodies, IntakeSource source,
                           qsizetype batchSize,
                           const std::function<void(const QList<IntakeOutcome> &)> &committed);

    // Runs a quarantined event through intake again (after its cause was
    // fixed). If it still fails validation nothing changes and the reason is
    // returned as an error.
    Result<IntakeOutcome> replayQuarantined(qint64 quarantineId, const QString &actor);

    // The engine's Stripe mode: a consumed event whose livemode differs is
    // quarantined (EVENTS.md). Unless set here, the process's mode is used.
    void setLivemode(bool live) { m_livemode = live; }
    bool livemode() const;
    // The process's mode, set where the engine's Stripe key is known
    // (isLiveStripeKey). Until then: test mode, so live events are refused.
    static void setProcessLivemode(bool live);

Q_SIGNALS:
    void cartPurchaseRecorded(const CartPurchase &purchase);
    void eventQuarantined(const QString &eventId, const QString &reason);

private:
    class Batch;
    // One transaction of `count` events, taken in order from `next`.
    Result<QList<IntakeOutcome>> ingestFrom(qsizetype count, IntakeSource source,
                                            const std::function<const ParsedEvent &()> &next,
                                            const std::function<Status()> &alsoInTransaction = {});

    Ledger &m_ledger;
    // Artists' accounts as of the last batch, kept while nothing else has
    // committed (the ledger's change feed unchanged since). A bulk import
    // then looks each artist up once instead of once per batch.
    QHash<QString, QString> m_accounts;
    qint64 m_accountsVersion = -1;
    std::optional<bool> m_livemode;
};
