#pragma once

#include "intake/Intake.h"
#include "util/Error.h"

#include <QObject>
#include <QTimer>

class Clock;
class Ledger;
class StripeClient;

// Polls Stripe's Events API for the event types EVENTS.md consumes and feeds
// them through the same intake path as webhooks and imports, so dedupe and
// quarantine apply unchanged. Its cursor (the newest event id taken in) is
// kept in the ledger, advanced after each page is committed: a restart, or a
// day offline, catches up without gaps, and a repeat is only a duplicate.
// Stripe keeps events for 30 days; a longer gap is reported, not hidden.
class EventsPoller final : public QObject
{
    Q_OBJECT
public:
    static const QStringList &eventTypes();
    static constexpr qint64 kStripeRetentionMs = 30LL * 24 * 3600 * 1000;

    EventsPoller(Ledger &ledger, Intake &intake, StripeClient &client, QObject *parent = nullptr);

    // Polls every intervalMs (and once at once); 0 stops.
    void start(qint64 intervalMs);
    void stop();
    // One catch-up: pages until Stripe has nothing newer, or maxPages.
    void pollNow(int maxPages = -1);
    bool isPolling() const { return m_polling; }

Q_SIGNALS:
    void pollFinished(int events, const QString &error);
    // The last successful poll was longer ago than Stripe keeps events.
    void gapTooLong(const QDateTime &lastSuccess);

private:
    void fetchNewer(int pagesLeft);
    void backfill(const QString &startingAfter, QList<QByteArray> collected, int pagesLeft);
    Status ingestOldestFirst(QList<QByteArray> newestFirst, const QString &newestId);
    void done(const QString &error);

    Ledger &m_ledger;
    Intake &m_intake;
    StripeClient &m_client;
    QTimer m_timer;
    bool m_polling = false;
    int m_taken = 0;
};
