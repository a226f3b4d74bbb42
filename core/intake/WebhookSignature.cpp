#include "WebhookSignature.h"

#include "util/ConstantTime.h"

#include <QMessageAuthenticationCode>

namespace WebhookSignature {

namespace {

QByteArray expectedHex(const QByteArray &body, const QByteArray &secret, const QByteArray &t)
{
    QMessageAuthenticationCode mac(QCryptographicHash::Sha256, secret);
    mac.addData(t);
    mac.addData(".", 1);
    mac.addData(body);
    return mac.result().toHex();
}

} // namespace

QString describe(Verdict v)
{
    switch (v) {
    case Verdict::Valid:
        return QStringLiteral("valid");
    case Verdict::MissingHeader:
        return QStringLiteral("missing Stripe-Signature header");
    case Verdict::Malformed:
        return QStringLiteral("malformed Stripe-Signature header");
    case Verdict::NoV1Signature:
        return QStringLiteral("no v1 signature in the header");
    case Verdict::Mismatch:
        return QStringLiteral("signature does not match the body");
    case Verdict::TooOld:
        return QStringLiteral("timestamp outside the tolerance (too old)");
    case Verdict::TooNew:
        return QStringLiteral("timestamp outside the tolerance (in the future)");
    }
    return {};
}

Verdict verify(const QByteArray &header, const QByteArray &body, const QByteArray &secret,
               qint64 nowSecs, qint64 toleranceSecs)
{
    if (header.trimmed().isEmpty())
        return Verdict::MissingHeader;
    QByteArray t;
    QList<QByteArray> v1;
    for (const QByteArray &part : header.split(',')) {
        const qsizetype eq = part.indexOf('=');
        if (eq <= 0)
            return Verdict::Malformed;
        const QByteArray key = part.left(eq).trimmed();
        const QByteArray value = part.mid(eq + 1).trimmed();
        if (key == "t")
            t = value;
        else if (key == "v1")
            v1.append(value.toLower());
        // v0 (test mode) and unknown schemes are ignored, as Stripe's libraries do.
    }
    bool ok = false;
    const qint64 timestamp = t.toLongLong(&ok);
    if (!ok)
        return Verdict::Malformed;
    if (v1.isEmpty())
        return Verdict::NoV1Signature;
    const QByteArray expected = expectedHex(body, secret, t);
    bool matched = false;
    for (const QByteArray &candidate : std::as_const(v1))
        matched |= constantTimeEquals(candidate, expected);
    if (!matched)
        return Verdict::Mismatch;
    // Checked arithmetic: t comes from the sender, and t =
    // -9223372036854775808 must not overflow (undefined behaviour) into
    // "valid". A difference too large for 64 bits is outside any tolerance.
    qint64 age = 0;
    if (__builtin_sub_overflow(nowSecs, timestamp, &age))
        return timestamp < 0 ? Verdict::TooOld : Verdict::TooNew;
    if (age > toleranceSecs)
        return Verdict::TooOld;
    qint64 ahead = 0;
    if (__builtin_sub_overflow(timestamp, nowSecs, &ahead) || ahead > toleranceSecs)
        return Verdict::TooNew;
    return Verdict::Valid;
}

QByteArray sign(const QByteArray &body, const QByteArray &secret, qint64 t)
{
    const QByteArray ts = QByteArray::number(t);
    return "t=" + ts + ",v1=" + expectedHex(body, secret, ts);
}

} // namespace WebhookSignature
