// libFuzzer harness for WebhookSignature::verify, the check that keeps
// anyone but Stripe from recording money owed.
//
// Input: a Stripe-Signature header, a newline, then the raw body. In the
// header, {T} stands for the harness's clock (the decimal Unix time NOW) and
// {V1} for the genuine HMAC of "NOW.<body>" under the secret, so the seeds
// (tests/fuzz/corpus/webhook_signature) can hold real signatures for any
// body, and mutations explore the headers around them. Properties:
//   - sound: Valid only if the header's t (the last one) is within the
//     tolerance and a v1 value is exactly the secret's HMAC of "<t>.<body>";
//     never Valid under any other secret, or for any other body;
//   - complete: the header sign() makes for a time within the tolerance is
//     Valid, with v0 and stale v1 values around it too;
//   - total: any header, any clock (INT64_MIN..INT64_MAX), no UB, no crash.
#include "intake/WebhookSignature.h"

#include <QByteArray>
#include <QMessageAuthenticationCode>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace {

using WebhookSignature::Verdict;

// Test secrets, of a real one's length but visibly not one (the repository
// refuses literals that look like live secrets).
const QByteArray kSecret = QByteArrayLiteral("whsec_fuzz_only_test_secret_number_1");
const QByteArray kOtherSecret = QByteArrayLiteral("whsec_fuzz_only_test_secret_number_2");
constexpr qint64 kNow = 1'767'225'600; // 2026-01-01T00:00:00Z
constexpr qint64 kTolerance = WebhookSignature::kDefaultToleranceSecs;

[[noreturn]] void fail(const char *property, const QByteArray &header, const QByteArray &body)
{
    std::fprintf(stderr, "PROPERTY BROKEN: %s\n  header: %s\n  body: %s\n", property,
                 header.left(2000).constData(), body.left(2000).constData());
    std::abort();
}

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail(#cond, header, body);                                                             \
    } while (false)

QByteArray hmacHex(const QByteArray &secret, const QByteArray &t, const QByteArray &body)
{
    return QMessageAuthenticationCode::hash(t + '.' + body, secret, QCryptographicHash::Sha256)
        .toHex();
}

// The harness's own reading of a header, independent of verify()'s code:
// the last t value and every v1 value, each trimmed.
struct Parts
{
    bool hasT = false;
    QByteArray t;
    QList<QByteArray> v1;
};

Parts split(const QByteArray &header)
{
    Parts p;
    for (const QByteArray &part : header.split(',')) {
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            continue;
        const QByteArray key = part.left(eq).trimmed();
        if (key == "t") {
            p.hasT = true;
            p.t = part.mid(eq + 1).trimmed();
        } else if (key == "v1") {
            p.v1.append(part.mid(eq + 1).trimmed());
        }
    }
    return p;
}

void checkSound(const QByteArray &header, const QByteArray &body, qint64 now)
{
    const Verdict v = WebhookSignature::verify(header, body, kSecret, now, kTolerance);
    CHECK(!WebhookSignature::describe(v).isEmpty());
    // No header made with kSecret is ever accepted under another secret.
    CHECK(WebhookSignature::verify(header, body, kOtherSecret, now, kTolerance) != Verdict::Valid);
    if (v != Verdict::Valid)
        return;
    const Parts p = split(header);
    CHECK(p.hasT);
    bool ok = false;
    const qint64 t = p.t.toLongLong(&ok);
    CHECK(ok);
    // Within the tolerance, computed in 128 bits so the check cannot overflow.
    const __int128 age = __int128(now) - __int128(t);
    CHECK(age <= kTolerance && -age <= kTolerance);
    const QByteArray expected = hmacHex(kSecret, p.t, body);
    bool found = false;
    for (const QByteArray &candidate : p.v1)
        found |= candidate.toLower() == expected;
    CHECK(found);
    // The same header does not carry over to another body.
    const QByteArray otherBody = body + ' ';
    if (WebhookSignature::verify(header, otherBody, kSecret, now, kTolerance) == Verdict::Valid)
        fail("a signature valid for one body is valid for another", header, otherBody);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype nl = input.indexOf('\n');
    QByteArray header = nl < 0 ? input : input.left(nl);
    const QByteArray body = nl < 0 ? QByteArray() : input.mid(nl + 1);
    const QByteArray now = QByteArray::number(kNow);
    header.replace("{V1}", hmacHex(kSecret, now, body));
    header.replace("{T}", now);

    checkSound(header, body, kNow);
    // The clock at its extremes: every subtraction must be checked.
    for (const qint64 clock : {std::numeric_limits<qint64>::min(), qint64(-1), qint64(0),
                               std::numeric_limits<qint64>::max()})
        checkSound(header, body, clock);

    // Complete: what Stripe sends for this body, at a time the header's
    // bytes pick within the tolerance, is accepted, also with a test-mode v0
    // and the previous secret's v1 (a rolled secret) beside it.
    const qint64 skew = qint64(qHash(header) % (2 * kTolerance + 1)) - kTolerance;
    const QByteArray genuine = WebhookSignature::sign(body, kSecret, kNow + skew);
    {
        const QByteArray &h = genuine;
        if (WebhookSignature::verify(h, body, kSecret, kNow, kTolerance) != Verdict::Valid)
            fail("a genuine signature is refused", h, body);
        const QByteArray rolled =
            h + ",v1=" + hmacHex(kOtherSecret, QByteArray::number(kNow + skew), body) + ",v0=00";
        if (WebhookSignature::verify(rolled, body, kSecret, kNow, kTolerance) != Verdict::Valid)
            fail("a genuine signature beside others is refused", rolled, body);
    }
    return 0;
}
