#include "Storefront.h"

#include "FakeStripe.h"
#include "StripeEvents.h"
#include "WebhookSender.h"
#include "money/Money.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

Storefront::Storefront(WebhookSender &sender, Clock &clock, FakeStripe *stripe, quint32 seed,
                       QObject *parent)
    : QObject(parent)
    , m_sender(sender)
    , m_clock(clock)
    , m_stripe(stripe)
    , m_rng(seed)
    , m_artists(demoArtists())
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        step();
        scheduleNext();
    });
}

QList<Storefront::Artist> Storefront::demoArtists()
{
    using P = QPair<QString, QString>;
    return {
        {QStringLiteral("art_ada"),
         QStringLiteral("acct_1DemoAdaLovelace"),
         {P(QStringLiteral("trk_101"), QStringLiteral("Analytical Engine")),
          P(QStringLiteral("trk_102"), QStringLiteral("Note G"))}},
        {QStringLiteral("art_miles"),
         QStringLiteral("acct_1DemoMilesAhead"),
         {P(QStringLiteral("trk_201"), QStringLiteral("So What Else")),
          P(QStringLiteral("trk_202"), QStringLiteral("Blue in Green Room"))}},
        {QStringLiteral("art_nina"),
         QStringLiteral("acct_1DemoNinaSings"),
         {P(QStringLiteral("trk_301"), QStringLiteral("Feeling Good Again")),
          P(QStringLiteral("trk_302"), QStringLiteral("Sinnerman Remix"))}},
        // Onboarding not finished: Stripe refuses transfers to this account.
        {QStringLiteral("art_ziggy"),
         QStringLiteral("acct_1DemoZiggyNotReady"),
         {P(QStringLiteral("trk_401"), QStringLiteral("Starman Demo"))}},
        // The store has no payout account for this artist yet.
        {QStringLiteral("art_newcomer"),
         QString(),
         {P(QStringLiteral("trk_501"), QStringLiteral("First Single"))}},
    };
}

QList<QPair<QString, bool>> Storefront::demoAccounts()
{
    QList<QPair<QString, bool>> accounts;
    for (const Artist &a : demoArtists()) {
        if (!a.account.isEmpty())
            accounts.append({a.account, a.id != u"art_ziggy"});
    }
    return accounts;
}

void Storefront::setPace(qint64 stepMs, qint64 burstEveryMs)
{
    m_stepMs = qMax<qint64>(1, stepMs);
    m_burstEveryMs = qMax(burstEveryMs, m_stepMs);
}

void Storefront::start()
{
    m_burst = 0;
    m_pending.clear();
    step();
    scheduleNext();
}

void Storefront::stop()
{
    m_timer.stop();
}

void Storefront::scheduleNext()
{
    // The rest of a burst follows at the step pace; a new burst starts
    // burstEvery after the last one began.
    const qint64 wait =
        m_pending.isEmpty() ? qMax<qint64>(m_stepMs, m_burstEveryMs - m_stepMs * 7) : m_stepMs;
    m_timer.start(int(qMin<qint64>(m_clock.timerMsFor(wait), 24 * 3600 * 1000)));
}

QList<Storefront::Step> Storefront::nextBurst()
{
    // Artists by index in demoArtists(): 0 ada, 1 miles, 2 nina, 3 ziggy
    // (account not ready), 4 newcomer (no account).
    if (m_burst++ == 0)
        return {
            {Kind::Cart, {0, 1, 2}}, // three artists in one cart
            {Kind::Single, {2}},     // an instant split: nothing owed
            {Kind::Cart, {0, 3, 4}}, // money for artists who cannot be paid yet
            {Kind::Duplicate, {}},   // Stripe delivers the first cart again
            {Kind::Cart, {1, 0}},    // ...bought, then refunded at once
            {Kind::Refund, {}},      // voids that cart's money before it is paid
            {Kind::Malformed, {}},   // quarantined whole, with the reason
        };
    QList<Step> burst;
    const int carts = 1 + int(m_rng.bounded(3));
    for (int c = 0; c < carts; ++c) {
        QList<int> artists;
        const int size = 1 + int(m_rng.bounded(3));
        while (artists.size() < size) {
            const int a = int(m_rng.bounded(qsizetype(m_artists.size())));
            if (!artists.contains(a))
                artists.append(a);
        }
        burst.append({Kind::Cart, artists});
    }
    switch (m_rng.bounded(6)) {
    case 0:
        burst.append({Kind::Single, {int(m_rng.bounded(3))}});
        break;
    case 1:
        burst.append({Kind::Duplicate, {}});
        break;
    case 2:
        burst.append({Kind::Refund, {}});
        break;
    case 3:
        burst.append({Kind::Malformed, {}});
        break;
    default:
        break;
    }
    return burst;
}

void Storefront::step()
{
    if (m_pending.isEmpty())
        m_pending = nextBurst();
    const Step s = m_pending.takeFirst();
    switch (s.kind) {
    case Kind::Cart:
        sendCart(s.artists);
        break;
    case Kind::Single:
        sendSingle(s.artists.value(0));
        break;
    case Kind::Duplicate:
        sendDuplicate();
        break;
    case Kind::Refund:
        sendRefund();
        break;
    case Kind::Malformed:
        sendMalformed();
        break;
    }
}

qint64 Storefront::priceFor(int artist, int track) const
{
    // The artist's share of a track: 4.20 to 8.40 in steps of 0.70,
    // fixed per track so a statement reads sensibly.
    static constexpr qint64 kShares[] = {420, 490, 560, 630, 700, 770, 840};
    return kShares[(artist * 3 + track * 5) % 7];
}

void Storefront::sendCart(const QList<int> &artists)
{
    Events::Cart cart;
    cart.eventId = Events::newId(QStringLiteral("evt"));
    cart.session = Events::newId(QStringLiteral("cs_test"));
    cart.paymentIntent = Events::newId(QStringLiteral("pi"));
    cart.currency = m_currency;
    cart.created = m_clock.nowSecs();
    cart.splitAt = 500; // Stripe's limit for one metadata value
    qint64 shares = 0;
    for (int a : artists) {
        const Artist &artist = m_artists.at(a);
        const int t = int(m_rng.bounded(qsizetype(artist.tracks.size())));
        const auto &[track, title] = artist.tracks.at(t);
        const qint64 amount = priceFor(a, t);
        shares += amount;
        cart.items.append(Events::item(artist.id, amount, track, {}, artist.account, title));
    }
    // The store keeps its margin: the customer paid a third more than the
    // artists' shares.
    cart.amountTotal = shares + shares / 3;
    if (m_stripe)
        m_stripe->addPaymentIntent(cart.paymentIntent,
                                   QStringLiteral("ch_") + cart.paymentIntent.mid(3),
                                   cart.amountTotal, cart.currency);
    m_lastCart = Events::cart(cart);
    m_lastUnpaidPaymentIntent = cart.paymentIntent;
    const QString items = artists.size() == 1 ? QStringLiteral("1 item")
                                              : QStringLiteral("%1 items").arg(artists.size());
    send(QStringLiteral("cart purchase (%1, %2)")
             .arg(items, Money(cart.amountTotal, cart.currency).format(QLocale::c())),
         m_lastCart);
}

void Storefront::sendSingle(int artist)
{
    // A single track bought on its own is paid to the artist at charge time
    // (a destination charge); the ledger notes it and owes nothing.
    const Artist &a = m_artists.at(artist);
    Events::Cart single;
    single.eventId = Events::newId(QStringLiteral("evt"));
    single.session = Events::newId(QStringLiteral("cs_test"));
    single.paymentIntent = Events::newId(QStringLiteral("pi"));
    single.currency = m_currency;
    single.created = m_clock.nowSecs();
    single.purchaseType = QStringLiteral("single");
    single.amountTotal = 99 + priceFor(artist, 0);
    send(QStringLiteral("single-track purchase for %1 (instant split)").arg(a.id),
         Events::cart(single));
}

void Storefront::sendDuplicate()
{
    if (m_lastCart.isEmpty())
        return sendCart({0});
    send(QStringLiteral("the same cart purchase, delivered again"), m_lastCart);
}

void Storefront::sendRefund()
{
    if (m_lastUnpaidPaymentIntent.isEmpty())
        return sendCart({1});
    const QString pi = std::exchange(m_lastUnpaidPaymentIntent, QString());
    send(QStringLiteral("full refund of %1").arg(pi),
         Events::refund(Events::newId(QStringLiteral("evt")), pi, true, m_clock.nowSecs()));
}

void Storefront::sendMalformed()
{
    // cart_items cut short, as a buggy storefront might send it.
    Events::Cart cart;
    cart.eventId = Events::newId(QStringLiteral("evt"));
    cart.session = Events::newId(QStringLiteral("cs_test"));
    cart.paymentIntent = Events::newId(QStringLiteral("pi"));
    cart.currency = m_currency;
    cart.created = m_clock.nowSecs();
    cart.items.append(Events::item(m_artists.at(0).id, 560, QStringLiteral("trk_101")));
    QJsonObject event = Events::cartObject(cart);
    QJsonObject data = event.value(QStringLiteral("data")).toObject();
    QJsonObject session = data.value(QStringLiteral("object")).toObject();
    QJsonObject metadata = session.value(QStringLiteral("metadata")).toObject();
    metadata.insert(QStringLiteral("cart_items"), QStringLiteral("[{\"artist\":\"art_ada\",\"am"));
    session.insert(QStringLiteral("metadata"), metadata);
    data.insert(QStringLiteral("object"), session);
    event.insert(QStringLiteral("data"), data);
    send(QStringLiteral("a malformed cart purchase (cart_items cut short)"),
         Events::toBytes(event));
}

void Storefront::send(const QString &what, const QByteArray &body)
{
    ++m_sent;
    m_sender.send(body, [this, what](const WebhookSender::Delivery &d) {
        // The receiver answers once the event is journaled, before it is
        // applied: "received", or the error it gave.
        const QJsonObject answer = QJsonDocument::fromJson(d.body).object();
        const QString outcome = answer.value(QStringLiteral("received")).toBool()
                                    ? QStringLiteral("received")
                                    : answer.value(QStringLiteral("error")).toString();
        Q_EMIT posted(what, d.eventId, d.status, outcome);
    });
}
