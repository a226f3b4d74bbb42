#include "EventsPoller.h"

#include "ledger/Ledger.h"
#include "stripe/StripeClient.h"
#include "util/Clock.h"
#include "util/Logging.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
const QString kCursor = QStringLiteral("poller.cursor");
const QString kLastSuccess = QStringLiteral("poller.last_success");
constexpr int kPageSize = 100;
} // namespace

const QStringList &EventsPoller::eventTypes()
{
    static const QStringList types{QStringLiteral("checkout.session.completed"),
                                   QStringLiteral("checkout.session.async_payment_succeeded"),
                                   QStringLiteral("checkout.session.async_payment_failed"),
                                   QStringLiteral("charge.refunded"),
                                   QStringLiteral("account.updated")};
    return types;
}

EventsPoller::EventsPoller(Ledger &ledger, Intake &intake, StripeClient &client, QObject *parent)
    : QObject(parent)
    , m_ledger(ledger)
    , m_intake(intake)
    , m_client(client)
{
    connect(&m_timer, &QTimer::timeout, this, [this] { pollNow(); });
}

void EventsPoller::start(qint64 intervalMs)
{
    if (intervalMs <= 0) {
        stop();
        return;
    }
    m_timer.start(std::chrono::milliseconds(m_ledger.clock().timerMsFor(intervalMs)));
    pollNow();
}

void EventsPoller::stop()
{
    m_timer.stop();
}

void EventsPoller::pollNow(int maxPages)
{
    if (m_polling)
        return; // the poll in progress will take in whatever is new
    m_polling = true;
    m_taken = 0;
    const Result<QString> last = m_ledger.meta().value(kLastSuccess);
    if (last && !last->isEmpty()) {
        const QDateTime when = QDateTime::fromString(*last, Qt::ISODateWithMs);
        if (when.isValid() && when.msecsTo(m_ledger.clock().now()) > kStripeRetentionMs) {
            qCWarning(lcIntake).noquote()
                << "[POLL] The last successful poll was on" << when.toString(Qt::ISODate)
                << "- Stripe keeps events for 30 days; older sales must be imported from a file";
            Q_EMIT gapTooLong(when);
        }
    }
    const Result<QString> cursor = m_ledger.meta().value(kCursor);
    if (cursor && !cursor->isEmpty())
        fetchNewer(maxPages);
    else
        backfill({}, {}, maxPages); // first start: everything Stripe still has
}

void EventsPoller::fetchNewer(int pagesLeft)
{
    EventListQuery q;
    q.types = eventTypes();
    q.limit = kPageSize;
    q.endingBefore = m_ledger.meta().value(kCursor).value_or(QString());
    m_client.listEvents(q, [this, pagesLeft](const StripeResponse &resp) {
        const auto &r = resp.result;
        if (!r && r.error().code == u"resource_missing" && r.error().param == u"ending_before") {
            // The cursor's event is older than Stripe keeps: take in what
            // Stripe still has (duplicates are harmless) and say so.
            qCWarning(lcIntake).noquote() << "[POLL] The poller's cursor event is gone from "
                                             "Stripe (over 30 days); catching up from what remains";
            Q_EMIT gapTooLong(QDateTime());
            backfill({}, {}, pagesLeft);
            return;
        }
        if (!r) {
            done(r.error().describe());
            return;
        }
        // With ending_before, the page holds the events just newer than the
        // cursor, newest first; has_more says even newer ones wait.
        QList<QByteArray> events;
        QString newest;
        for (const QJsonValue &v : r->value(u"data").toArray()) {
            if (newest.isEmpty())
                newest = v.toObject().value(u"id").toString();
            events << QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        }
        if (!events.isEmpty()) {
            if (Status s = ingestOldestFirst(events, newest); !s) {
                done(s.error().message);
                return;
            }
        }
        if (r->value(u"has_more").toBool() && pagesLeft != 1 && !events.isEmpty())
            fetchNewer(pagesLeft - 1);
        else
            done({});
    });
}

void EventsPoller::backfill(const QString &startingAfter, QList<QByteArray> collected,
                            int pagesLeft)
{
    EventListQuery q;
    q.types = eventTypes();
    q.limit = kPageSize;
    q.startingAfter = startingAfter;
    q.createdGt = (m_ledger.clock().nowMs() - kStripeRetentionMs) / 1000;
    m_client.listEvents(q, [this, collected, pagesLeft](const StripeResponse &resp) mutable {
        const auto &r = resp.result;
        if (!r) {
            done(r.error().describe());
            return;
        }
        QString last;
        for (const QJsonValue &v : r->value(u"data").toArray()) {
            last = v.toObject().value(u"id").toString();
            collected << QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        }
        if (r->value(u"has_more").toBool() && !last.isEmpty() && pagesLeft != 1) {
            backfill(last, std::move(collected), pagesLeft - 1);
            return;
        }
        // Newest first from Stripe; the newest becomes the cursor.
        QString newest;
        if (!collected.isEmpty())
            newest = QJsonDocument::fromJson(collected.first()).object().value(u"id").toString();
        if (!collected.isEmpty()) {
            if (Status s = ingestOldestFirst(collected, newest); !s) {
                done(s.error().message);
                return;
            }
        }
        done({});
    });
}

Status EventsPoller::ingestOldestFirst(QList<QByteArray> newestFirst, const QString &newestId)
{
    std::reverse(newestFirst.begin(), newestFirst.end());
    const Result<QList<IntakeOutcome>> r = m_intake.ingest(newestFirst, IntakeSource::Poll);
    if (!r)
        return fail(r.error());
    m_taken += int(newestFirst.size());
    // After the commit: a crash before this line re-reads the page, and the
    // events are then duplicates, never gaps.
    return m_ledger.meta().setValue(kCursor, newestId);
}

void EventsPoller::done(const QString &error)
{
    m_polling = false;
    if (error.isEmpty()) {
        (void)m_ledger.meta().setValue(kLastSuccess,
                                       m_ledger.clock().now().toUTC().toString(Qt::ISODateWithMs));
        if (m_taken > 0)
            qCInfo(lcIntake).noquote() << "[POLL] Events API poll took in" << m_taken << "events";
    } else {
        qCWarning(lcIntake).noquote() << "[POLL] Events API poll failed:" << error;
    }
    Q_EMIT pollFinished(m_taken, error);
}
