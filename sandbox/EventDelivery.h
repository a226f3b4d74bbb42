#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QUrl>

class Clock;
class WebhookSender;

// Delivers events to webhook endpoints the way Stripe does, for the
// sandbox: every event to every endpoint, signed with the endpoint's secret
// (WebhookSender), at least once. An endpoint that answers anything but 2xx,
// or nothing at all, gets the event again after a backoff, a bounded number
// of times; Stripe's test mode retries three times over a few hours, the
// default here retries three times within about half a minute. A resend is
// a fresh delivery of the same event (same id), so a receiver's duplicate
// handling can be tried on purpose.
//
// It counts, per event, the endpoints that have not answered 2xx yet: what
// Stripe shows as an event's pending_webhooks.
class EventDelivery final : public QObject
{
    Q_OBJECT

public:
    // One POST of one event to one endpoint, and what came of it.
    struct Attempt
    {
        QString eventId;
        QString type;
        QUrl url;
        int number = 1;      // 1 for the first try
        int maxAttempts = 1; // first try plus retries
        int status = 0;      // HTTP status, 0 when no answer came
        QString error;       // why no answer came
        int retryInMs = -1;  // when the next try goes, or -1: none (delivered or given up)
        bool ok() const { return status >= 200 && status < 300; }
        // "evt_1 transfer.created -> http://127.0.0.1:4242/webhook: 200 (attempt 1/4)"
        QString describe() const;
    };

    explicit EventDelivery(Clock &clock, QObject *parent = nullptr);
    ~EventDelivery() override;

    // A fresh whsec_ secret, from the system's secure random source.
    static QByteArray newSigningSecret();

    void addEndpoint(const QUrl &url, const QByteArray &signingSecret);
    QList<QUrl> endpoints() const;
    // Waits between a failed attempt and the next; the list's length is the
    // number of retries. Default 1 s, 5 s, 25 s.
    void setRetryDelaysMs(const QList<int> &delaysMs);
    // How long one attempt waits for an answer (default 10 s, as Stripe's
    // webhook timeout is about that order).
    void setTimeoutMs(int ms);

    // Sends eventJson (its exact bytes) to every endpoint.
    void deliver(const QByteArray &eventJson);
    int pendingWebhooks(const QString &eventId) const;
    // Deliveries under way: sent and unanswered, or waiting for a retry.
    int inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void attempted(const EventDelivery::Attempt &attempt);

private:
    struct Endpoint
    {
        QUrl url;
        WebhookSender *sender = nullptr;
    };
    void attempt(int endpoint, const QByteArray &body, const QString &eventId, const QString &type,
                 int number);

    Clock &m_clock;
    QList<Endpoint> m_endpoints;
    QList<int> m_retryDelaysMs{1000, 5000, 25000};
    int m_timeoutMs = 10'000;
    QHash<QString, QSet<int>> m_undelivered; // event id -> endpoints without a 2xx yet
    int m_inFlight = 0;
};

Q_DECLARE_METATYPE(EventDelivery::Attempt)
