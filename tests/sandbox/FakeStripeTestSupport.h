#pragma once

// What the FakeStripe tests share: a running fake with one API key, a GBP
// balance and two connected accounts, and the QNetworkAccessManager requests
// they send it (QNAM is the client the engine uses). A test class mixes
// FakeStripeFixture in next to QObject and calls setUpFake() from init() and
// tearDownFake() from cleanup(). Every wait is on a signal; nothing sleeps.
#include "FakeStripe.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;

inline const QString kKey = u"sk_test_fakestripe"_s;

struct Response
{
    int status = 0; // 0 when no HTTP answer arrived
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QByteArray body;
    QJsonObject json;
    QList<QPair<QByteArray, QByteArray>> headers;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QString errorType() const { return json[u"error"][u"type"].toString(); }
    QString errorCode() const { return json[u"error"][u"code"].toString(); }
    QString errorParam() const { return json[u"error"][u"param"].toString(); }
    QString id() const { return json[u"id"].toString(); }
};

// Builds an x-www-form-urlencoded body, escaping keys too (so brackets
// travel as %5B/%5D, which the fake must decode).
inline QByteArray form(const QList<QPair<QString, QString>> &fields)
{
    QByteArray body;
    for (const auto &[key, value] : fields) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

inline QByteArray transferBody(qint64 amount, const QString &destination = u"acct_ok"_s,
                               const QList<QPair<QString, QString>> &extra = {})
{
    QList<QPair<QString, QString>> fields = {{u"amount"_s, QString::number(amount)},
                                             {u"currency"_s, u"gbp"_s},
                                             {u"destination"_s, destination}};
    fields += extra;
    return form(fields);
}

inline QStringList ids(const QJsonObject &list)
{
    QStringList out;
    const QJsonArray data = list[u"data"].toArray();
    for (const QJsonValue &item : data)
        out.append(item[u"id"].toString());
    return out;
}

class FakeStripeFixture
{
protected:
    void setUpFake()
    {
        m_fake = std::make_unique<FakeStripe>();
        QVERIFY(m_fake->listen());
        m_fake->addApiKey(kKey);
        m_fake->setAvailableBalance(u"gbp"_s, 100000);
        m_fake->setPendingBalance(u"gbp"_s, 2500);
        m_fake->addAccount(u"acct_ok"_s);
        m_fake->addAccount(u"acct_inactive"_s, false, false);
        m_nam = std::make_unique<QNetworkAccessManager>();
    }

    void tearDownFake()
    {
        m_nam.reset();
        m_fake.reset();
    }

    QNetworkReply *start(const QByteArray &method, const QString &path, const QByteArray &body = {},
                         const QByteArray &idempotencyKey = {}, const QString &key = kKey,
                         int timeoutMs = 5000)
    {
        QNetworkRequest request(m_fake->baseUrl().resolved(QUrl(path)));
        if (!key.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
        if (!idempotencyKey.isEmpty())
            request.setRawHeader("Idempotency-Key", idempotencyKey);
        request.setRawHeader("Stripe-Version", "2024-06-20");
        request.setTransferTimeout(timeoutMs);
        if (method == "POST") {
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              u"application/x-www-form-urlencoded"_s);
            return m_nam->post(request, body);
        }
        return m_nam->sendCustomRequest(request, method);
    }

    static Response collect(QNetworkReply *reply)
    {
        Response response;
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.error = reply->error();
        if (reply->isOpen()) // an aborted reply (timeout) is closed
            response.body = reply->readAll();
        response.json = QJsonDocument::fromJson(response.body).object();
        response.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return response;
    }

    Response send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                  const QByteArray &idempotencyKey = {}, const QString &key = kKey,
                  int timeoutMs = 5000)
    {
        QNetworkReply *reply = start(method, path, body, idempotencyKey, key, timeoutMs);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(timeoutMs + 5000))
            qWarning("request did not finish");
        return collect(reply);
    }

    Response postTransfer(const QByteArray &body, const QByteArray &idempotencyKey = {},
                          int timeoutMs = 5000)
    {
        return send("POST", u"/v1/transfers"_s, body, idempotencyKey, kKey, timeoutMs);
    }

    std::unique_ptr<FakeStripe> m_fake;
    std::unique_ptr<QNetworkAccessManager> m_nam;
};
