#pragma once

#include <QList>
#include <QObject>
#include <QRandomGenerator>
#include <QString>
#include <QTimer>

class Clock;
class FakeStripe;
class WebhookSender;

// A simulated music store for the demo. It sells in short bursts, the way
// shoppers check out, so that development mode's fast payout (30 s after
// the last cart purchase) follows each burst: cart purchases for a handful
// of artists, now and then a single-track purchase (an instant split,
// nothing owed), a duplicate delivery, a refund of a purchase not yet paid,
// a malformed event, and an artist whose payout account is not ready or
// missing. Every event goes through a WebhookSender, signed, to the
// engine's real receiver. The first burst always shows each case once;
// later ones are drawn from a seeded generator, so a run is repeatable.
class Storefront final : public QObject
{
    Q_OBJECT
public:
    struct Artist
    {
        QString id;
        QString account; // empty: the store has no payout account for them yet
        QList<QPair<QString, QString>> tracks; // (track id, title)
    };

    // With a simulator, each purchase's payment intent and charge are
    // registered there, as Stripe would have them.
    Storefront(WebhookSender &sender, Clock &clock, FakeStripe *stripe = nullptr, quint32 seed = 1,
               QObject *parent = nullptr);

    // The demo's artists: three ready, one whose account cannot receive
    // transfers yet, one with no account.
    static QList<Artist> demoArtists();
    // The connected accounts the demo's simulator must know, and whether
    // each can receive transfers.
    static QList<QPair<QString, bool>> demoAccounts();

    void setCurrency(const QString &currency) { m_currency = currency; }
    // Time between two events of a burst, and from one burst's start to
    // the next, in clock time.
    void setPace(qint64 stepMs, qint64 burstEveryMs);

    // Starts selling now: the first event goes at once.
    void start();
    void stop();
    // Sends the next event of the script at once (tests drive it this way).
    void step();

    int sent() const { return m_sent; }

Q_SIGNALS:
    // One event and the receiver's answer: the HTTP status (0: none) and
    // what the engine made of it ("recorded", "duplicate", "quarantined").
    void posted(const QString &what, const QString &eventId, int status, const QString &outcome);

private:
    enum class Kind { Cart, Single, Duplicate, Refund, Malformed };
    struct Step
    {
        Kind kind;
        QList<int> artists; // indexes into m_artists
    };
    QList<Step> nextBurst();
    void sendCart(const QList<int> &artists);
    void sendSingle(int artist);
    void sendDuplicate();
    void sendRefund();
    void sendMalformed();
    void send(const QString &what, const QByteArray &body);
    void scheduleNext();
    qint64 priceFor(int artist, int track) const;

    WebhookSender &m_sender;
    Clock &m_clock;
    FakeStripe *m_stripe;
    QRandomGenerator m_rng;
    QList<Artist> m_artists;
    QString m_currency = QStringLiteral("gbp");
    qint64 m_stepMs = 1'000;
    qint64 m_burstEveryMs = 45'000;
    QTimer m_timer;
    QList<Step> m_pending; // the rest of the burst
    int m_burst = 0;
    int m_sent = 0;
    QByteArray m_lastCart;             // for a duplicate delivery
    QString m_lastUnpaidPaymentIntent; // a purchase a refund can still void
};
