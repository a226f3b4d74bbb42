#include "EventDelivery.h"

#include "WebhookSender.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTimer>

using namespace Qt::StringLiterals;

QString EventDelivery::Attempt::describe() const
{
    QString outcome = status == 0 ? u"no answer: "_s + error : QString::number(status);
    QString progress =
        u"attempt "_s + QString::number(number) + u'/' + QString::number(maxAttempts);
    if (retryInMs >= 0)
        progress += u", retry in "_s + QString::number(retryInMs) + u" ms"_s;
    else if (!ok())
        progress += u", giving up"_s;
    return eventId + u' ' + type + u" -> "_s + url.toString() + u": "_s + outcome + u" ("_s +
           progress + u')';
}

EventDelivery::EventDelivery(Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
{}

EventDelivery::~EventDelivery() = default;

QByteArray EventDelivery::newSigningSecret()
{
    // Stripe's secrets are whsec_ and 32 letters and digits.
    static constexpr char alphabet[] =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    QRandomGenerator *random = QRandomGenerator::system();
    QByteArray secret = "whsec_";
    for (int i = 0; i < 32; ++i)
        secret += alphabet[random->bounded(int(sizeof alphabet - 1))];
    return secret;
}

void EventDelivery::addEndpoint(const QUrl &url, const QByteArray &signingSecret)
{
    auto *sender = new WebhookSender(url, signingSecret, m_clock, this);
    sender->setTimeoutMs(m_timeoutMs);
    m_endpoints.append(Endpoint{url, sender});
}

QList<QUrl> EventDelivery::endpoints() const
{
    QList<QUrl> urls;
    for (const Endpoint &endpoint : m_endpoints)
        urls.append(endpoint.url);
    return urls;
}

void EventDelivery::setRetryDelaysMs(const QList<int> &delaysMs)
{
    m_retryDelaysMs = delaysMs;
}

void EventDelivery::setTimeoutMs(int ms)
{
    m_timeoutMs = ms;
    for (const Endpoint &endpoint : std::as_const(m_endpoints))
        endpoint.sender->setTimeoutMs(ms);
}

void EventDelivery::deliver(const QByteArray &eventJson)
{
    const QJsonObject event = QJsonDocument::fromJson(eventJson).object();
    const QString id = event.value(u"id").toString();
    const QString type = event.value(u"type").toString();
    for (int i = 0; i < m_endpoints.size(); ++i) {
        m_undelivered[id].insert(i);
        ++m_inFlight;
        attempt(i, eventJson, id, type, 1);
    }
}

int EventDelivery::pendingWebhooks(const QString &eventId) const
{
    return int(m_undelivered.value(eventId).size());
}

void EventDelivery::attempt(int endpoint, const QByteArray &body, const QString &eventId,
                            const QString &type, int number)
{
    // Each try is signed afresh: Stripe's signature carries the time of sending.
    m_endpoints.at(endpoint).sender->send(body, [this, endpoint, body, eventId, type,
                                                 number](const WebhookSender::Delivery &d) {
        Attempt a;
        a.eventId = eventId;
        a.type = type;
        a.url = m_endpoints.at(endpoint).url;
        a.number = number;
        a.maxAttempts = int(m_retryDelaysMs.size()) + 1;
        a.status = d.status;
        a.error = d.error;
        if (a.ok()) {
            auto it = m_undelivered.find(eventId);
            if (it != m_undelivered.end()) {
                it->remove(endpoint);
                if (it->isEmpty())
                    m_undelivered.erase(it);
            }
        } else if (number <= m_retryDelaysMs.size()) {
            a.retryInMs = m_retryDelaysMs.at(number - 1);
            QTimer::singleShot(a.retryInMs, this,
                               [=, this] { attempt(endpoint, body, eventId, type, number + 1); });
        }
        if (a.retryInMs < 0)
            --m_inFlight;
        Q_EMIT attempted(a);
    });
}
