// PayoutPolicy: grouping, fitting groups to the available balance and
// classifying a transfer's answer, as pure functions: no ledger, no HTTP.
// The classification has one row per line of docs/STRIPE.md's error table.
#include "engine/PayoutPolicy.h"
#include "stripe/StripeError.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using Action = PayoutPolicy::TransferOutcome::Action;
using Grouping = PayoutPolicy::Grouping;

Q_DECLARE_METATYPE(StripeError)
Q_DECLARE_METATYPE(DueEntry)
Q_DECLARE_METATYPE(PayoutGroup)
Q_DECLARE_METATYPE(PayoutPolicy::Grouping)
Q_DECLARE_METATYPE(PayoutPolicy::TransferOutcome::Action)

namespace {

constexpr qint64 kMax = std::numeric_limits<qint64>::max();

QByteArray errorBody(const QString &type, const QString &code = {}, const QString &param = {},
                     const QString &message = u"Stripe's own words."_s)
{
    QJsonObject error{{u"type"_s, type}, {u"message"_s, message}};
    if (!code.isEmpty())
        error.insert(u"code"_s, code);
    if (!param.isEmpty())
        error.insert(u"param"_s, param);
    return QJsonDocument(QJsonObject{{u"error"_s, error}}).toJson(QJsonDocument::Compact);
}

// The answer to POST /v1/transfers, as StripeClient hands it over.
StripeError answer(int status, const QByteArray &body, const QByteArray &shouldRetry = {})
{
    StripeError e = StripeError::fromHttp(status, body, "req_1"_ba, shouldRetry);
    e.method = u"POST"_s;
    e.path = u"/v1/transfers"_s;
    e.attempts = 1;
    return e;
}

StripeError post(StripeError e)
{
    e.method = u"POST"_s;
    e.path = u"/v1/transfers"_s;
    return e;
}

// Entry n bought at minute n, unless told otherwise.
DueEntry entry(qint64 id, const QString &artist, qint64 minor, const QString &currency,
               const QString &paymentIntent = u"pi_1"_s, const QString &charge = {},
               qint64 minute = -1)
{
    DueEntry e;
    e.id = id;
    e.artist = artist;
    e.amount = Money(minor, currency);
    e.destination = u"acct_"_s + artist;
    e.paymentIntent = paymentIntent;
    e.chargeId = charge;
    e.createdAt =
        QDateTime::fromSecsSinceEpoch(1767225600 + 60 * (minute < 0 ? id : minute), Qt::UTC);
    return e;
}

// A group as a line: "art_1 gbp 660 [1,3] ch_1".
QString line(const PayoutGroup &g)
{
    QStringList ids;
    for (qint64 id : g.entryIds)
        ids << QString::number(id);
    QString s = g.artist + u' ' + g.amount.currency + u' ' + QString::number(g.amount.minor) +
                u" [" + ids.join(u',') + u']';
    if (!g.sourceTransaction.isEmpty())
        s += u' ' + g.sourceTransaction;
    return s;
}

QStringList lines(const QList<PayoutGroup> &groups)
{
    QStringList out;
    for (const PayoutGroup &g : groups)
        out << line(g);
    return out;
}

// A group for the balance tests, named by its artist, oldest first as given.
PayoutGroup group(const QString &artist, qint64 minor, const QString &currency,
                  const QString &sourceTransaction = {})
{
    PayoutGroup g;
    g.artist = artist;
    g.amount = Money(minor, currency);
    g.destination = u"acct_"_s + artist;
    g.sourceTransaction = sourceTransaction;
    return g;
}

QStringList artists(const QList<PayoutGroup> &groups)
{
    QStringList out;
    for (const PayoutGroup &g : groups)
        out << g.artist;
    return out;
}

} // namespace

class TestPayoutPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void classify_data();
    void classify();
    void grouping_data();
    void grouping();
    void balanceFit_data();
    void balanceFit();
    void drawsOnBalance_data();
    void drawsOnBalance();
    void minimums_data();
    void minimums();
    void minimumsOfTheSetting();
    void nettedGroupsWaitWithTheAmountStillToRecover();
    void classifyReversal_data();
    void classifyReversal();
};

void TestPayoutPolicy::nettedGroupsWaitWithTheAmountStillToRecover()
{
    const QList<PayoutGroup> groups{group(u"art_1"_s, 280, u"gbp"_s),
                                    group(u"art_2"_s, -200, u"gbp"_s),
                                    group(u"art_3"_s, 0, u"jpy"_s)};
    const PayoutPolicy::NettedSplit split = PayoutPolicy::splitNetted(groups);
    QCOMPARE(artists(split.payable), QStringList{u"art_1"_s});
    QCOMPARE(artists(split.netted), (QStringList{u"art_2"_s, u"art_3"_s}));
    QCOMPARE(PayoutPolicy::nettedReason(split.netted.at(0)),
             u"netted against a clawback: £2.00 still to recover"_s);
    QCOMPARE(PayoutPolicy::nettedReason(split.netted.at(1)),
             u"netted against a clawback: ¥0 still to recover"_s);
}

void TestPayoutPolicy::classifyReversal_data()
{
    using R = PayoutPolicy::ReversalOutcome::Action;
    QTest::addColumn<bool>("answered2xx");
    QTest::addColumn<StripeError>("error");
    QTest::addColumn<int>("action");
    QTest::addColumn<bool>("notFoundMeansNotCreated");

    QTest::newRow("2xx: reversed") << true << StripeError() << int(R::Reversed) << false;
    QTest::newRow("the artist's balance cannot cover it: clawback")
        << false << answer(400, errorBody(u"invalid_request_error"_s, u"balance_insufficient"_s))
        << int(R::Clawback) << false;
    QTest::newRow("more than is left of the transfer: clawback")
        << false << answer(400, errorBody(u"invalid_request_error"_s, {}, u"amount"_s))
        << int(R::Clawback) << false;
    QTest::newRow("no such transfer: clawback")
        << false
        << answer(404, errorBody(u"invalid_request_error"_s, u"resource_missing"_s, u"id"_s))
        << int(R::Clawback) << false;
    QTest::newRow("429: retried later")
        << false << answer(429, errorBody(u"invalid_request_error"_s, u"rate_limit"_s))
        << int(R::Retry) << false;
    QTest::newRow("500: unknown, Stripe's final word for the key")
        << false << answer(500, errorBody(u"api_error"_s)) << int(R::Unknown) << true;
    QTest::newRow("401: the run stops")
        << false << answer(401, errorBody(u"authentication_error"_s)) << int(R::StopRun) << false;
}

void TestPayoutPolicy::classifyReversal()
{
    QFETCH(bool, answered2xx);
    QFETCH(StripeError, error);
    QFETCH(int, action);
    QFETCH(bool, notFoundMeansNotCreated);
    const PayoutPolicy::ReversalOutcome outcome =
        PayoutPolicy::classifyReversalOutcome(answered2xx ? nullptr : &error);
    QCOMPARE(int(outcome.action), action);
    QCOMPARE(outcome.notFoundMeansNotCreated, notFoundMeansNotCreated);
    if (outcome.action == PayoutPolicy::ReversalOutcome::Action::Clawback)
        QVERIFY(!outcome.reason.isEmpty()); // Stripe's words, shown to the admin
}

void TestPayoutPolicy::classify_data()
{
    QTest::addColumn<bool>("answered2xx");
    QTest::addColumn<StripeError>("error");
    QTest::addColumn<Action>("action");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<bool>("notFoundMeansNotCreated");
    QTest::addColumn<bool>("stopRun");

    const QString inv = u"invalid_request_error"_s;
    const QString stripes = u"Stripe's own words."_s;
    const auto row = [](const char *name, const StripeError &e, Action action,
                        const QString &reason = {}, bool notFoundMeansNotCreated = false,
                        bool stopRun = false) {
        QTest::newRow(name) << false << e << action << reason << notFoundMeansNotCreated << stopRun;
    };
    QTest::newRow("2xx: paid") << true << StripeError() << Action::Paid << QString() << false
                               << false;

    // 400
    row("400 invalid request: hold with Stripe's message",
        answer(400, errorBody(inv, u"parameter_invalid_integer"_s, u"amount"_s)), Action::Hold,
        stripes);
    row("400 unknown code: hold with Stripe's message",
        answer(400, errorBody(inv, u"some_future_code"_s)), Action::Hold, stripes);
    row("400 idempotency_error: hold", answer(400, errorBody(u"idempotency_error"_s)), Action::Hold,
        stripes);
    row("400 code rate_limit: retry as a 429", answer(400, errorBody(inv, u"rate_limit"_s)),
        Action::Retry);
    row("400 balance_insufficient: pending again",
        answer(400, errorBody(inv, u"balance_insufficient"_s)), Action::Retry);
    row("400 insufficient_capabilities_for_transfer: account not ready",
        answer(400, errorBody(inv, u"insufficient_capabilities_for_transfer"_s, u"destination"_s)),
        Action::Hold, Reason::PayoutAccountNotReady);
    row("400 resource_missing destination: account not found",
        answer(400, errorBody(inv, u"resource_missing"_s, u"destination"_s)), Action::Hold,
        Reason::PayoutAccountNotFound);
    row("400 resource_missing of another param: Stripe's message",
        answer(400, errorBody(inv, u"resource_missing"_s, u"source_transaction"_s)), Action::Hold,
        stripes);
    // 401
    const StripeError badKey = answer(401, errorBody(u"authentication_error"_s));
    row("401: stop the run", badKey, Action::StopRun, badKey.describe());
    const StripeError badKeyRetry = answer(401, errorBody(u"authentication_error"_s), "true"_ba);
    row("401 + Should-Retry true: still stop", badKeyRetry, Action::StopRun,
        badKeyRetry.describe());
    // 402
    row("402 card error: hold", answer(402, errorBody(u"card_error"_s, u"card_declined"_s)),
        Action::Hold, stripes);
    // 403
    const StripeError restricted = answer(403, errorBody(inv));
    row("403 restricted key: stop the run", restricted, Action::StopRun, restricted.describe());
    row("403 insufficient_capabilities_for_transfer: account not ready, artist only",
        answer(403, errorBody(inv, u"insufficient_capabilities_for_transfer"_s)), Action::Hold,
        Reason::PayoutAccountNotReady);
    row("403 naming the destination: hold the artist",
        answer(403, errorBody(inv, u"account_invalid"_s, u"destination"_s)), Action::Hold, stripes);
    // 404
    row("404 no such object: hold", answer(404, errorBody(inv, u"resource_missing"_s, u"id"_s)),
        Action::Hold, stripes);
    row("404 resource_missing destination: account not found",
        answer(404, errorBody(inv, u"resource_missing"_s, u"destination"_s)), Action::Hold,
        Reason::PayoutAccountNotFound);
    // 409: the same key still in flight may yet succeed: resent later with
    // the same key, never failed (which would let a new key pay twice).
    row("409 key in flight: resend later with the same key",
        answer(409, errorBody(inv, u"idempotency_key_in_use"_s)), Action::Unknown, {}, false);
    // 429
    row("429 rate_limit: retry", answer(429, errorBody(inv, u"rate_limit"_s)), Action::Retry);
    row("429 lock_timeout: retry", answer(429, errorBody(inv, u"lock_timeout"_s)), Action::Retry);
    row("429 without a body: retry", answer(429, {}), Action::Retry);
    StripeError limitedAfterTimeout = answer(429, errorBody(inv, u"rate_limit"_s));
    limitedAfterTimeout.earlierAttemptOutcomeUnknown = true;
    row("429 after an unanswered attempt: outcome unknown", limitedAfterTimeout, Action::Unknown,
        {}, false);
    // A bad key after an unanswered attempt: the run stops, but the entries
    // stay sending, since the first request may have paid them.
    StripeError badKeyAfterTimeout = answer(401, errorBody(u"authentication_error"_s));
    badKeyAfterTimeout.earlierAttemptOutcomeUnknown = true;
    row("401 after an unanswered attempt: stop, outcome unknown", badKeyAfterTimeout,
        Action::Unknown, badKeyAfterTimeout.describe(), false, true);
    StripeError restrictedAfterTimeout = answer(403, errorBody(inv));
    restrictedAfterTimeout.earlierAttemptOutcomeUnknown = true;
    row("403 restricted key after an unanswered attempt: stop, outcome unknown",
        restrictedAfterTimeout, Action::Unknown, restrictedAfterTimeout.describe(), false, true);
    StripeError fundsAfterTimeout = answer(400, errorBody(inv, u"balance_insufficient"_s));
    fundsAfterTimeout.earlierAttemptOutcomeUnknown = true;
    row("balance_insufficient after an unanswered attempt: Stripe's stored answer, pending",
        fundsAfterTimeout, Action::Retry);
    // 5xx: Stripe's final answer for the key
    for (const int status : {500, 502, 503, 504})
        row(qPrintable(u"%1: outcome unknown, reconciled"_s.arg(status)),
            answer(status, errorBody(u"api_error"_s)), Action::Unknown, {}, true);
    row("502 HTML from a proxy: outcome unknown", answer(502, "<html>502 Bad Gateway</html>"_ba),
        Action::Unknown, {}, true);
    // No response
    row("no response: outcome unknown", post(StripeError::network(u"Connection reset"_s)),
        Action::Unknown, {}, false);
    row("timeout: outcome unknown", post(StripeError::timeout(30'000)), Action::Unknown, {}, false);
    row("418 unexpected status: outcome unknown", answer(418, errorBody(inv)), Action::Unknown, {},
        false);
    // Stripe-Should-Retry overrides the table
    row("400 + Should-Retry true: retry", answer(400, errorBody(inv), "true"_ba), Action::Retry);
    row("429 + Should-Retry false: hold with Stripe's message",
        answer(429, errorBody(inv, u"rate_limit"_s), "false"_ba), Action::Hold, stripes);
    row("500 + Should-Retry false: still unknown, never failed",
        answer(500, errorBody(u"api_error"_s), "false"_ba), Action::Unknown, {}, true);
    row("balance_insufficient + Should-Retry false: still pending",
        answer(400, errorBody(inv, u"balance_insufficient"_s), "false"_ba), Action::Retry);
    // Refused before it left the process
    row("refused before sending: hold with the reason",
        post(StripeError::invalidArgument(u"amount must be at least 1"_s, u"amount"_s)),
        Action::Hold, u"amount must be at least 1"_s);
}

void TestPayoutPolicy::classify()
{
    QFETCH(bool, answered2xx);
    QFETCH(StripeError, error);
    QFETCH(Action, action);
    QFETCH(QString, reason);
    QFETCH(bool, notFoundMeansNotCreated);
    QFETCH(bool, stopRun);
    const PayoutPolicy::TransferOutcome outcome =
        PayoutPolicy::classifyTransferOutcome(answered2xx ? nullptr : &error);
    QCOMPARE(outcome.action, action);
    QCOMPARE(outcome.reason, reason);
    QCOMPARE(outcome.notFoundMeansNotCreated, notFoundMeansNotCreated);
    QCOMPARE(outcome.stopRun, stopRun);
}

void TestPayoutPolicy::grouping_data()
{
    QTest::addColumn<QList<DueEntry>>("entries");
    QTest::addColumn<Grouping>("grouping");
    QTest::addColumn<QStringList>("groups");

    const QString gbp = u"gbp"_s;
    const QString a1 = u"art_1"_s;
    const QString a2 = u"art_2"_s;
    QTest::newRow("nothing due") << QList<DueEntry>{} << Grouping::PerArtist << QStringList{};
    QTest::newRow("per artist: one transfer per artist and currency")
        << QList<DueEntry>{entry(1, a1, 560, gbp, u"pi_1"_s), entry(2, a2, 840, gbp, u"pi_1"_s),
                           entry(3, a1, 100, gbp, u"pi_2"_s)}
        << Grouping::PerArtist << QStringList{u"art_1 gbp 660 [1,3]"_s, u"art_2 gbp 840 [2]"_s};
    QTest::newRow("per artist: currencies apart")
        << QList<DueEntry>{entry(1, a1, 560, gbp), entry(2, a1, 700, u"eur"_s),
                           entry(3, a1, 40, gbp)}
        << Grouping::PerArtist << QStringList{u"art_1 gbp 600 [1,3]"_s, u"art_1 eur 700 [2]"_s};
    QTest::newRow("per artist: a known charge is not used")
        << QList<DueEntry>{entry(1, a1, 560, gbp, u"pi_1"_s, u"ch_1"_s)} << Grouping::PerArtist
        << QStringList{u"art_1 gbp 560 [1]"_s};
    QTest::newRow("oldest money first, then by id")
        << QList<DueEntry>{entry(7, a2, 300, gbp, u"pi_9"_s, {}, 5),
                           entry(4, a1, 200, gbp, u"pi_9"_s, {}, 5),
                           entry(9, a2, 100, gbp, u"pi_9"_s, {}, 1)}
        << Grouping::PerArtist << QStringList{u"art_2 gbp 400 [9,7]"_s, u"art_1 gbp 200 [4]"_s};
    QTest::newRow("per charge: one transfer per artist and sale, naming its charge")
        << QList<DueEntry>{entry(1, a1, 560, gbp, u"pi_1"_s, u"ch_1"_s),
                           entry(2, a2, 840, gbp, u"pi_1"_s, u"ch_1"_s),
                           entry(3, a1, 100, gbp, u"pi_2"_s, u"ch_2"_s),
                           entry(4, a1, 5, gbp, u"pi_1"_s, u"ch_1"_s)}
        << Grouping::PerCharge
        << QStringList{u"art_1 gbp 565 [1,4] ch_1"_s, u"art_2 gbp 840 [2] ch_1"_s,
                       u"art_1 gbp 100 [3] ch_2"_s};
    QTest::newRow("per charge: a charge not yet looked up stays empty")
        << QList<DueEntry>{entry(1, a1, 560, gbp, u"pi_1"_s), entry(2, a1, 40, gbp, u"pi_1"_s)}
        << Grouping::PerCharge << QStringList{u"art_1 gbp 600 [1,2]"_s};
    QTest::newRow("jpy has no minor unit")
        << QList<DueEntry>{entry(1, a1, 1235, u"jpy"_s), entry(2, a1, 765, u"jpy"_s)}
        << Grouping::PerArtist << QStringList{u"art_1 jpy 2000 [1,2]"_s};
    QTest::newRow("kwd has three digits")
        << QList<DueEntry>{entry(1, a1, 1234, u"kwd"_s), entry(2, a1, 1, u"kwd"_s)}
        << Grouping::PerArtist << QStringList{u"art_1 kwd 1235 [1,2]"_s};
    QTest::newRow("exactly the largest sum")
        << QList<DueEntry>{entry(1, a1, kMax - 1, gbp), entry(2, a1, 1, gbp)} << Grouping::PerArtist
        << QStringList{u"art_1 gbp %1 [1,2]"_s.arg(kMax)};
    QTest::newRow("a sum that would overflow starts another group")
        << QList<DueEntry>{entry(1, a1, kMax, gbp), entry(2, a1, 1, gbp), entry(3, a1, 5, gbp)}
        << Grouping::PerArtist
        << QStringList{u"art_1 gbp %1 [1]"_s.arg(kMax), u"art_1 gbp 6 [2,3]"_s};
    // Clawbacks (recovery entries, negative, no payment intent) net against
    // the artist's money in their currency; a group at or below zero waits.
    QTest::newRow("a clawback nets against the artist's due money")
        << QList<DueEntry>{entry(1, a1, 300, gbp), entry(2, a2, 50, gbp),
                           entry(3, a1, -120, gbp, {}), entry(4, a1, 100, gbp)}
        << Grouping::PerArtist << QStringList{u"art_1 gbp 280 [1,4,3]"_s, u"art_2 gbp 50 [2]"_s};
    QTest::newRow("a clawback larger than the due money: the group is below zero")
        << QList<DueEntry>{entry(1, a1, 300, gbp), entry(2, a1, -500, gbp, {})}
        << Grouping::PerArtist << QStringList{u"art_1 gbp -200 [1,2]"_s};
    QTest::newRow("a clawback with nothing due waits alone")
        << QList<DueEntry>{entry(1, a1, -500, gbp, {}), entry(2, a2, 40, gbp)}
        << Grouping::PerArtist << QStringList{u"art_2 gbp 40 [2]"_s, u"art_1 gbp -500 [1]"_s};
    QTest::newRow("a clawback nets only in its own currency")
        << QList<DueEntry>{entry(1, a1, 300, u"eur"_s), entry(2, a1, -100, gbp, {})}
        << Grouping::PerArtist << QStringList{u"art_1 eur 300 [1]"_s, u"art_1 gbp -100 [2]"_s};
    QTest::newRow("exactly covered: zero, not paid")
        << QList<DueEntry>{entry(1, a1, 500, gbp), entry(2, a1, -500, gbp, {})}
        << Grouping::PerArtist << QStringList{u"art_1 gbp 0 [1,2]"_s};
    QTest::newRow("per charge: a clawback joins the first sale that covers it")
        << QList<DueEntry>{entry(1, a1, 100, gbp, u"pi_1"_s, u"ch_1"_s),
                           entry(2, a1, 400, gbp, u"pi_2"_s, u"ch_2"_s),
                           entry(3, a1, -150, gbp, {})}
        << Grouping::PerCharge
        << QStringList{u"art_1 gbp 100 [1] ch_1"_s, u"art_1 gbp 250 [2,3] ch_2"_s};
    QTest::newRow("per charge: no one sale covers it, so the sales go together on the balance")
        << QList<DueEntry>{entry(1, a1, 100, gbp, u"pi_1"_s, u"ch_1"_s),
                           entry(2, a2, 70, gbp, u"pi_1"_s, u"ch_1"_s),
                           entry(3, a1, 120, gbp, u"pi_2"_s, u"ch_2"_s),
                           entry(4, a1, -150, gbp, {})}
        << Grouping::PerCharge
        << QStringList{u"art_1 gbp 70 [1,3,4]"_s, u"art_2 gbp 70 [2] ch_1"_s};
    QTest::newRow("per charge: overflow refused there too")
        << QList<DueEntry>{entry(1, a1, kMax, gbp, u"pi_1"_s, u"ch_1"_s),
                           entry(2, a1, kMax, gbp, u"pi_1"_s, u"ch_1"_s)}
        << Grouping::PerCharge
        << QStringList{u"art_1 gbp %1 [1] ch_1"_s.arg(kMax), u"art_1 gbp %1 [2] ch_1"_s.arg(kMax)};
}

void TestPayoutPolicy::grouping()
{
    QFETCH(QList<DueEntry>, entries);
    QFETCH(Grouping, grouping);
    QFETCH(QStringList, groups);
    const QList<PayoutGroup> out = PayoutPolicy::groupEntries(entries, grouping);
    QCOMPARE(lines(out), groups);
    for (const PayoutGroup &g : out) {
        QCOMPARE(g.destination, u"acct_"_s + g.artist);
        QVERIFY(g.oldest.isValid());
    }
}

void TestPayoutPolicy::balanceFit_data()
{
    QTest::addColumn<QList<PayoutGroup>>("groups");
    QTest::addColumn<QList<Money>>("available");
    QTest::addColumn<QStringList>("fit");
    QTest::addColumn<QStringList>("waiting");

    const QString gbp = u"gbp"_s;
    const QString eur = u"eur"_s;
    QTest::newRow("nothing to pay")
        << QList<PayoutGroup>{} << QList<Money>{Money(100, gbp)} << QStringList{} << QStringList{};
    QTest::newRow("exact fit") << QList<PayoutGroup>{group(u"a"_s, 600, gbp),
                                                     group(u"b"_s, 400, gbp)}
                               << QList<Money>{Money(1000, gbp)} << QStringList{u"a"_s, u"b"_s}
                               << QStringList{};
    QTest::newRow("one minor unit short")
        << QList<PayoutGroup>{group(u"a"_s, 600, gbp), group(u"b"_s, 401, gbp)}
        << QList<Money>{Money(1000, gbp)} << QStringList{u"a"_s} << QStringList{u"b"_s};
    QTest::newRow("the oldest does not fit: a newer smaller one waits too")
        << QList<PayoutGroup>{group(u"a"_s, 500, gbp), group(u"b"_s, 400, gbp),
                              group(u"c"_s, 300, gbp), group(u"d"_s, 50, gbp)}
        << QList<Money>{Money(1000, gbp)} << QStringList{u"a"_s, u"b"_s}
        << QStringList{u"c"_s, u"d"_s};
    QTest::newRow("first group too large: everything in its currency waits")
        << QList<PayoutGroup>{group(u"a"_s, 2000, gbp), group(u"b"_s, 1, gbp)}
        << QList<Money>{Money(1000, gbp)} << QStringList{} << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("currencies are independent")
        << QList<PayoutGroup>{group(u"a"_s, 900, gbp), group(u"b"_s, 500, eur),
                              group(u"c"_s, 200, gbp), group(u"d"_s, 500, eur),
                              group(u"e"_s, 1, eur)}
        << QList<Money>{Money(1000, gbp), Money(1000, eur)} << QStringList{u"a"_s, u"b"_s, u"d"_s}
        << QStringList{u"c"_s, u"e"_s};
    QTest::newRow("a currency Stripe did not list has nothing available")
        << QList<PayoutGroup>{group(u"a"_s, 1, u"usd"_s), group(u"b"_s, 100, gbp)}
        << QList<Money>{Money(1000, gbp)} << QStringList{u"b"_s} << QStringList{u"a"_s};
    QTest::newRow("several amounts of one currency add up")
        << QList<PayoutGroup>{group(u"a"_s, 1500, gbp)}
        << QList<Money>{Money(1000, gbp), Money(500, gbp)} << QStringList{u"a"_s} << QStringList{};
    QTest::newRow("no balance at all") << QList<PayoutGroup>{group(u"a"_s, 1, gbp)}
                                       << QList<Money>{} << QStringList{} << QStringList{u"a"_s};
    QTest::newRow("a negative available balance pays nothing")
        << QList<PayoutGroup>{group(u"a"_s, 1, gbp)} << QList<Money>{Money(-500, gbp)}
        << QStringList{} << QStringList{u"a"_s};
    QTest::newRow("jpy: exact fit")
        << QList<PayoutGroup>{group(u"a"_s, 1235, u"jpy"_s), group(u"b"_s, 765, u"jpy"_s)}
        << QList<Money>{Money(2000, u"jpy"_s)} << QStringList{u"a"_s, u"b"_s} << QStringList{};
    QTest::newRow("jpy: one yen short")
        << QList<PayoutGroup>{group(u"a"_s, 2001, u"jpy"_s)} << QList<Money>{Money(2000, u"jpy"_s)}
        << QStringList{} << QStringList{u"a"_s};
    QTest::newRow("kwd: one fils short, then a smaller group waits")
        << QList<PayoutGroup>{group(u"a"_s, 1000, u"kwd"_s), group(u"b"_s, 1235, u"kwd"_s),
                              group(u"c"_s, 1, u"kwd"_s)}
        << QList<Money>{Money(2234, u"kwd"_s)} << QStringList{u"a"_s}
        << QStringList{u"b"_s, u"c"_s};
    QTest::newRow("source_transaction groups do not draw on the available balance")
        << QList<PayoutGroup>{group(u"a"_s, 5000, gbp, u"ch_1"_s), group(u"b"_s, 1000, gbp),
                              group(u"c"_s, 9000, gbp, u"ch_2"_s)}
        << QList<Money>{Money(1000, gbp)} << QStringList{u"a"_s, u"b"_s, u"c"_s} << QStringList{};
    QTest::newRow("source_transaction groups go even when others wait")
        << QList<PayoutGroup>{group(u"a"_s, 2000, gbp), group(u"b"_s, 5000, gbp, u"ch_1"_s)}
        << QList<Money>{} << QStringList{u"b"_s} << QStringList{u"a"_s};
    QTest::newRow("the largest balance and the largest group")
        << QList<PayoutGroup>{group(u"a"_s, kMax, gbp), group(u"b"_s, 1, gbp)}
        << QList<Money>{Money(kMax, gbp)} << QStringList{u"a"_s} << QStringList{u"b"_s};
    QTest::newRow("a balance that cannot be summed pays nothing in that currency")
        << QList<PayoutGroup>{group(u"a"_s, 1, gbp), group(u"b"_s, 1, eur)}
        << QList<Money>{Money(kMax, gbp), Money(1, gbp), Money(5, eur)} << QStringList{u"b"_s}
        << QStringList{u"a"_s};
    QTest::newRow("a negative group makes no room for newer money")
        << QList<PayoutGroup>{group(u"a"_s, -500, gbp), group(u"b"_s, 1500, gbp)}
        << QList<Money>{Money(1000, gbp)} << QStringList{u"a"_s} << QStringList{u"b"_s};
}

void TestPayoutPolicy::balanceFit()
{
    QFETCH(QList<PayoutGroup>, groups);
    QFETCH(QList<Money>, available);
    QFETCH(QStringList, fit);
    QFETCH(QStringList, waiting);
    const PayoutPolicy::BalanceFit out = PayoutPolicy::fitToBalance(groups, available);
    QCOMPARE(artists(out.fit), fit);
    QCOMPARE(artists(out.waiting), waiting);

    // Never an overdraft: what fits without a charge is covered per currency.
    QHash<QString, qint64> drawn;
    for (const PayoutGroup &g : out.fit)
        if (g.sourceTransaction.isEmpty() && g.amount.minor > 0)
            drawn[g.amount.currency] += g.amount.minor; // each fits, so no overflow
    for (auto it = drawn.cbegin(); it != drawn.cend(); ++it) {
        QList<Money> same;
        for (const Money &m : available)
            if (m.currency == it.key())
                same << m;
        const std::optional<Money> have = Money::sum(it.key(), same);
        QVERIFY(have);
        QVERIFY(it.value() <= have->minor);
    }
}

void TestPayoutPolicy::drawsOnBalance_data()
{
    QTest::addColumn<QList<PayoutGroup>>("groups");
    QTest::addColumn<bool>("draws");
    QTest::newRow("none") << QList<PayoutGroup>{} << false;
    QTest::newRow("all name a charge") << QList<PayoutGroup>{group(u"a"_s, 1, u"gbp"_s, u"ch_1"_s),
                                                             group(u"b"_s, 1, u"gbp"_s, u"ch_2"_s)}
                                       << false;
    QTest::newRow("one without a charge")
        << QList<PayoutGroup>{group(u"a"_s, 1, u"gbp"_s, u"ch_1"_s), group(u"b"_s, 1, u"gbp"_s)}
        << true;
}

void TestPayoutPolicy::drawsOnBalance()
{
    QFETCH(QList<PayoutGroup>, groups);
    QFETCH(bool, draws);
    QCOMPARE(PayoutPolicy::drawsOnBalance(groups), draws);
}

void TestPayoutPolicy::minimums_data()
{
    QTest::addColumn<QList<PayoutGroup>>("groups");
    QTest::addColumn<QString>("setting");
    QTest::addColumn<QStringList>("payable");
    QTest::addColumn<QStringList>("below");
    const QList<PayoutGroup> mixed{group(u"a"_s, 999, u"gbp"_s), group(u"b"_s, 1000, u"gbp"_s),
                                   group(u"c"_s, 5, u"eur"_s)};
    QTest::newRow("no minimum") << mixed << QString() << QStringList{u"a"_s, u"b"_s, u"c"_s}
                                << QStringList{};
    QTest::newRow("a penny short waits; exactly the minimum is paid")
        << mixed << u"gbp 10.00"_s << QStringList{u"b"_s, u"c"_s} << QStringList{u"a"_s};
    QTest::newRow("each currency its own minimum")
        << mixed << u"GBP 10, eur 0.06"_s << QStringList{u"b"_s} << QStringList{u"a"_s, u"c"_s};
    // Per-charge grouping: several groups of one artist count together.
    QTest::newRow("an artist's groups add up")
        << QList<PayoutGroup>{group(u"a"_s, 600, u"gbp"_s, u"ch_1"_s),
                              group(u"a"_s, 400, u"gbp"_s, u"ch_2"_s),
                              group(u"b"_s, 600, u"gbp"_s, u"ch_3"_s)}
        << u"gbp 10"_s << QStringList{u"a"_s, u"a"_s} << QStringList{u"b"_s};
}

void TestPayoutPolicy::minimums()
{
    QFETCH(QList<PayoutGroup>, groups);
    QFETCH(QString, setting);
    QFETCH(QStringList, payable);
    QFETCH(QStringList, below);
    const auto minimums = PayoutPolicy::parseMinimums(setting);
    QVERIFY2(minimums, qPrintable(minimums ? QString() : minimums.error()));
    const PayoutPolicy::MinimumSplit split = PayoutPolicy::applyMinimums(groups, *minimums);
    QCOMPARE(artists(split.payable), payable);
    QStringList waiting;
    for (const auto &[g, minimum] : split.below) {
        waiting << g.artist;
        QCOMPARE(minimum.currency, g.amount.currency);
    }
    QCOMPARE(waiting, below);
}

void TestPayoutPolicy::minimumsOfTheSetting()
{
    const auto ok = PayoutPolicy::parseMinimums(u" gbp 10.00 ,jpy 500, bhd 0.125"_s);
    QVERIFY2(ok, qPrintable(ok ? QString() : ok.error()));
    QCOMPARE(ok->value(u"gbp"_s), Money(1000, u"gbp"_s));
    QCOMPARE(ok->value(u"jpy"_s), Money(500, u"jpy"_s));
    QCOMPARE(ok->value(u"bhd"_s), Money(125, u"bhd"_s));
    QCOMPARE(PayoutPolicy::belowMinimumReason(Money(1000, u"gbp"_s)),
             u"below the minimum payout of £10.00"_s);
    // Each mistake is refused with the part that is wrong.
    for (const auto &[text, says] :
         {std::pair{u"gbp"_s, u"\"gbp\""_s}, std::pair{u"10 gbp"_s, u"\"10 gbp\""_s},
          std::pair{u"xyz 10"_s, u"\"xyz 10\""_s}, std::pair{u"gbp 10.001"_s, u"10.001"_s},
          std::pair{u"gbp -5"_s, u"-5"_s}, std::pair{u"gbp 1,000"_s, u"\"000\""_s},
          std::pair{u"jpy 1.5"_s, u"1.5"_s}, std::pair{u"gbp 99999999999999999999"_s, u"9999"_s},
          std::pair{u"gbp 1, gbp 2"_s, u"two minimums"_s}}) {
        const auto r = PayoutPolicy::parseMinimums(text);
        QVERIFY2(!r, qPrintable(text));
        QVERIFY2(r.error().contains(says), qPrintable(text + u" -> " + r.error()));
    }
}

QTEST_GUILESS_MAIN(TestPayoutPolicy)
#include "tst_payoutpolicy.moc"
