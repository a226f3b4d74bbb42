#include "WebhookSender.h"

#include "intake/WebhookSignature.h"
#include "util/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

QString WebhookSender::Delivery::describe() const
{
    if (status == 0)
        return QStringLiteral("no answer: ") + error;
    return QString::number(status) + u' ' + QString::fromUtf8(body.trimmed());
}

WebhookSender::WebhookSender(QUrl url, QByteArray signingSecret, Clock &clock, QObject *parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_secret(std::move(signingSecret))
    , m_clock(clock)
    , m_nam(new QNetworkAccessManager(this))
{}

WebhookSender::~WebhookSender() = default;

void WebhookSender::send(const QByteArray &eventJson, Done done)
{
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Stripe-Signature",
                         WebhookSignature::sign(eventJson, m_secret, m_clock.nowSecs()));
    request.setRawHeader("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)");
    request.setTransferTimeout(m_timeoutMs);
    const QString eventId =
        QJsonDocument::fromJson(eventJson).object().value(QStringLiteral("id")).toString();

    QNetworkReply *reply = m_nam->post(request, eventJson);
    ++m_inFlight;
    connect(reply, &QNetworkReply::finished, this, [this, reply, eventId, done = std::move(done)] {
        --m_inFlight;
        Delivery d;
        d.eventId = eventId;
        d.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen())
            d.body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError && d.status == 0)
            d.error = reply->errorString();
        reply->deleteLater();
        if (done)
            done(d);
        Q_EMIT delivered(d);
    });
}
