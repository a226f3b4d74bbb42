#include "intake/WebhookSignature.h"

#include <QTest>

using WebhookSignature::Verdict;

// Stripe-Signature verification exactly as STRIPE.md describes it.
class TestSignature final : public QObject
{
    Q_OBJECT
    const QByteArray secret = "whsec_test_secret";
    const QByteArray m_body = R"({"id":"evt_1","object":"event"})";
    const qint64 now = 1'767'225'600;

private Q_SLOTS:
    void verify_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("verdict");
        const QByteArray &body = m_body;
        const QByteArray good = WebhookSignature::sign(body, secret, now);
        const QByteArray goodHex = good.mid(good.indexOf("v1=") + 3);
        QTest::newRow("valid") << good << body << int(Verdict::Valid);
        QTest::newRow("valid 299 s old")
            << WebhookSignature::sign(body, secret, now - 299) << body << int(Verdict::Valid);
        QTest::newRow("tampered body")
            << good << QByteArray(R"({"id":"evt_2","object":"event"})") << int(Verdict::Mismatch);
        QTest::newRow("trailing byte added") << good << (body + ' ') << int(Verdict::Mismatch);
        QTest::newRow("wrong secret")
            << WebhookSignature::sign(body, "whsec_other", now) << body << int(Verdict::Mismatch);
        QTest::newRow("expired") << WebhookSignature::sign(body, secret, now - 301) << body
                                 << int(Verdict::TooOld);
        QTest::newRow("future beyond tolerance")
            << WebhookSignature::sign(body, secret, now + 301) << body << int(Verdict::TooNew);
        QTest::newRow("several v1, one right")
            << "t=" + QByteArray::number(now) + ",v1=" + QByteArray(64, 'a') + ",v1=" + goodHex
            << body << int(Verdict::Valid);
        QTest::newRow("several v1, none right")
            << "t=" + QByteArray::number(now) + ",v1=" + QByteArray(64, 'a') +
                   ",v1=" + QByteArray(64, 'b')
            << body << int(Verdict::Mismatch);
        QTest::newRow("v0 only") << "t=" + QByteArray::number(now) + ",v0=" + goodHex << body
                                 << int(Verdict::NoV1Signature);
        QTest::newRow("v0 ignored beside v1")
            << "t=" + QByteArray::number(now) + ",v0=" + QByteArray(64, 'c') + ",v1=" + goodHex
            << body << int(Verdict::Valid);
        QTest::newRow("missing header") << QByteArray() << body << int(Verdict::MissingHeader);
        QTest::newRow("no timestamp") << "v1=" + goodHex << body << int(Verdict::Malformed);
        QTest::newRow("garbage") << QByteArray("nonsense") << body << int(Verdict::Malformed);
        QTest::newRow("signature of another timestamp")
            << "t=" + QByteArray::number(now - 1) + ",v1=" + goodHex << body
            << int(Verdict::Mismatch);
    }
    void verify()
    {
        QFETCH(QByteArray, header);
        QFETCH(QByteArray, body);
        QFETCH(int, verdict);
        QCOMPARE(int(WebhookSignature::verify(header, body, secret, now)), verdict);
    }

    void signatureIsLowerCaseHexOfHmacSha256()
    {
        // Reference value computed independently:
        // printf '1767225600.{"id":"evt_1","object":"event"}' |
        //   openssl dgst -sha256 -hmac whsec_test_secret
        const QByteArray header = WebhookSignature::sign(m_body, secret, now);
        QVERIFY(header.startsWith("t=1767225600,v1="));
        QCOMPARE(header.mid(16),
                 QByteArray("238d47ccc3251152491130a4587f0a855c0e33e88993ce968255c6d168ef7601"));
    }
};

QTEST_GUILESS_MAIN(TestSignature)
#include "tst_signature.moc"
