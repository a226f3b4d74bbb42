#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <functional>

class Clock;
class QNetworkAccessManager;

// Posts Stripe events to a webhook endpoint the way Stripe does: the exact
// bytes of the event as the body, `Content-Type: application/json`, and a
// `Stripe-Signature` header for the current time, signed with the
// endpoint's secret. Used by `payoutdesk trigger`, the demo's storefront and
// the sandbox's event delivery. The secret is never logged.
class WebhookSender final : public QObject
{
    Q_OBJECT
public:
    // What came back for one event: the HTTP status (0 when no answer
    // arrived), the answer's body, and the network error, if any.
    struct Delivery
    {
        QString eventId;
        int status = 0;
        QByteArray body;
        QString error;
        bool ok() const { return status >= 200 && status < 300; }
        // "200 {"received":true,...}" or "no answer: Connection refused"
        QString describe() const;
    };
    using Done = std::function<void(const Delivery &)>;

    WebhookSender(QUrl url, QByteArray signingSecret, Clock &clock, QObject *parent = nullptr);
    ~WebhookSender() override;

    QUrl url() const { return m_url; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Signs and posts one event; done (if given) runs once with the outcome,
    // and delivered() is emitted as well.
    void send(const QByteArray &eventJson, Done done = {});
    // Requests sent and not yet answered.
    int inFlight() const { return m_inFlight; }

Q_SIGNALS:
    void delivered(const WebhookSender::Delivery &delivery);

private:
    QUrl m_url;
    QByteArray m_secret;
    Clock &m_clock;
    QNetworkAccessManager *m_nam;
    int m_timeoutMs = 10'000;
    int m_inFlight = 0;
};
