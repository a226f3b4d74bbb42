#include "Events.h"
#include "SqliteAccess.h"
#include "intake/Intake.h"
#include "intake/WebhookSignature.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <limits>

using K = IntakeOutcome::Kind;

// Issue 13, items 5 and 6: every validation rule of EVENTS.md, one row per
// way an event used to slip through. A refused event is quarantined whole
// with a reason a person understands, and nothing of it reaches the ledger:
// what `status` and `artists` show is the same before and after it.
class TestValidation final : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;
    ManualClock m_clock; // 2026-01-01, the builders' default `created`
    std::unique_ptr<Ledger> m_ledger;
    std::unique_ptr<Intake> m_intake;
    int m_n = 0;

    qint64 count(const QString &sql)
    {
        QSqlQuery q(sqliteConnection(*m_ledger));
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    IntakeOutcome ingest(const QByteArray &body)
    {
        const Result<IntakeOutcome> r = m_intake->ingestOne(body, IntakeSource::Webhook);
        if (!r)
            qFatal("intake failed: %s", qPrintable(r.error().message));
        return *r;
    }
    // What a person sees of the ledger: artists, balances, sales, entries.
    QString snapshot()
    {
        QStringList out;
        const QList<Artist> artists = m_ledger->reader().artists().value();
        for (const Artist &a : artists)
            out << u"artist " + a.id + u' ' + a.account;
        const QList<ArtistBalance> balances = m_ledger->reader().balances().value();
        for (const ArtistBalance &b : balances)
            out << u"balance " + b.artist + u' ' + QString::number(b.pendingMinor) + u' ' +
                       QString::number(b.heldMinor);
        QSqlQuery q(sqliteConnection(*m_ledger));
        q.exec(QStringLiteral("SELECT session_id, IFNULL(payment_intent, ''), payment_status "
                              "FROM sales ORDER BY session_id"));
        while (q.next())
            out << QStringLiteral("sale %1 %2 %3")
                       .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString());
        q.exec(QStringLiteral("SELECT artist, track, kind, amount_minor, state FROM entries "
                              "ORDER BY id"));
        while (q.next())
            out << QStringLiteral("entry %1 %2 %3 %4 %5")
                       .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                            q.value(3).toString(), q.value(4).toString());
        return out.join(u'\n');
    }

    static Events::Cart oneItem(const QString &artist = QStringLiteral("art_1"),
                                const QString &track = QStringLiteral("trk_1"),
                                const QString &account = QStringLiteral("acct_1"))
    {
        Events::Cart c;
        c.items = {Events::item(artist, 560, track, {}, account)};
        return c;
    }
    static Events::Cart twoItems()
    {
        Events::Cart c;
        c.items = {Events::item(QStringLiteral("art_1"), 560, QStringLiteral("trk_1")),
                   Events::item(QStringLiteral("art_2"), 840, QStringLiteral("trk_7"))};
        return c;
    }
    // The cart's event as JSON, changed by `edit` (event, session).
    static QByteArray edited(const Events::Cart &c,
                             const std::function<void(QJsonObject &, QJsonObject &)> &edit)
    {
        QJsonObject ev = Events::cartObject(c);
        QJsonObject data = ev[u"data"].toObject();
        QJsonObject session = data[u"object"].toObject();
        edit(ev, session);
        data[u"object"] = session;
        ev[u"data"] = data;
        return Events::toBytes(ev);
    }
    static QByteArray withMetadata(const Events::Cart &c,
                                   const std::function<void(QJsonObject &)> &edit)
    {
        return edited(c, [&](QJsonObject &, QJsonObject &s) {
            QJsonObject m = s[u"metadata"].toObject();
            edit(m);
            s[u"metadata"] = m;
        });
    }

private Q_SLOTS:
    void init()
    {
        m_ledger = std::make_unique<Ledger>(m_dir.filePath(QStringLiteral("l%1.sqlite").arg(++m_n)),
                                            m_clock);
        QVERIFY(m_ledger->open());
        m_intake = std::make_unique<Intake>(*m_ledger);
    }
    void cleanup()
    {
        m_intake.reset();
        m_ledger.reset();
    }

    // Money owed to one artist never wraps past 64 bits: the event that
    // would overflow the total is quarantined, whether the total is in this
    // batch or already in the ledger.
    void moneyOwedNeverOverflows()
    {
        const qint64 max = std::numeric_limits<qint64>::max();
        const auto big = [](int n, qint64 amount) {
            Events::Cart c;
            c.eventId = QStringLiteral("evt_big%1").arg(n);
            c.session = QStringLiteral("cs_big%1").arg(n);
            c.paymentIntent = QStringLiteral("pi_big%1").arg(n);
            c.items = {
                Events::item(QStringLiteral("art_1"), amount, QStringLiteral("trk_%1").arg(n))};
            return Events::cart(c);
        };
        const QList<IntakeOutcome> one =
            m_intake->ingest({big(1, max), big(2, max)}, IntakeSource::Import).value();
        QCOMPARE(one.size(), 2);
        QCOMPARE(one.at(0).kind, IntakeOutcome::Kind::Recorded);
        QCOMPARE(one.at(1).kind, IntakeOutcome::Kind::Quarantined);
        QVERIFY2(one.at(1).detail.contains(u"would exceed the largest amount"),
                 qPrintable(one.at(1).detail));
        const IntakeOutcome later = m_intake->ingestOne(big(3, 1), IntakeSource::Import).value();
        QCOMPARE(later.kind, IntakeOutcome::Kind::Quarantined);
        // A single-track purchase owes nothing: the full total does not stop it.
        Events::Cart single;
        single.eventId = QStringLiteral("evt_single");
        single.session = QStringLiteral("cs_single");
        single.paymentIntent = QStringLiteral("pi_single");
        single.purchaseType = QStringLiteral("single");
        single.items = {Events::item(QStringLiteral("art_1"), 1, QStringLiteral("trk_9"))};
        QCOMPARE(m_intake->ingestOne(Events::cart(single), IntakeSource::Import).value().kind,
                 IntakeOutcome::Kind::Recorded);

        const QList<ArtistBalance> b = m_ledger->reader().balances(QStringLiteral("art_1")).value();
        QCOMPARE(b.size(), 1);
        QCOMPARE(b.first().pendingMinor + b.first().heldMinor, max);
        QCOMPARE(m_ledger->reader().countQuarantined().value(), 2);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void refused_data()
    {
        QTest::addColumn<QList<QByteArray>>("before"); // accepted first
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("live"); // the engine runs with a live key
        QTest::addColumn<QStringList>("reason");

        const QList<QByteArray> none;
        const auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };
        const auto words = [](std::initializer_list<const char *> w) {
            QStringList out;
            for (const char *s : w)
                out << QString::fromUtf8(s);
            return out;
        };
        const auto artist = [](const QString &id) { return Events::cart(oneItem(id)); };
        const auto titled = [](const QJsonValue &title) {
            Events::Cart c = oneItem();
            QJsonObject item = c.items[0].toObject();
            item[u"title"] = title;
            c.items[0] = item;
            return Events::cart(c);
        };
        // A title (optional): a string of at most 200 characters, with no
        // control or bidi character.
        row("title of 201 characters")
            << none << titled(QString(201, u'x')) << false
            << words({"cart item 1: title is 201 characters long (at most 200)"});
        row("title not a string") << none << titled(5) << false
                                  << words({"cart item 1: title must be a string"});
        row("title with a control character") << none << titled(QStringLiteral("Bell\a")) << false
                                              << words({"title contains a control", "U+0007"});
        row("title with a bidi override") << none << titled(QStringLiteral("ab\u202Ecd")) << false
                                          << words({"title contains a bidi", "U+202E"});

        // Ids: EVENTS.md's form, 1 to 64 of A-Za-z0-9_.- (acct_ + 1 to 255 of A-Za-z0-9).
        row("artist id with NUL") << none << artist(QStringLiteral("art_1") + QChar(0) + u"evil")
                                  << false << words({"artist id", "NUL", "U+0000"});
        row("artist id with a control character")
            << none << artist(QStringLiteral("art_1\a")) << false
            << words({"artist id", "control character", "U+0007"});
        row("artist id with a bidi override") << none << artist(QStringLiteral("art_\u202E1"))
                                              << false << words({"artist id", "bidi", "U+202E"});
        row("artist id with a zero-width space")
            << none << artist(QStringLiteral("art\u200B_1")) << false
            << words({"artist id", "invisible", "U+200B"});
        row("artist id of 10 KB") << none << artist(QString(10240, u'a')) << false
                                  << words({"artist id", "10240 characters long", "1 to 64"});
        row("artist id with surrounding spaces")
            << none << artist(QStringLiteral(" art_1 ")) << false
            << words({"artist id", "\" art_1 \"", "leading or trailing white space"});
        row("artist id with an inner space") << none << artist(QStringLiteral("art 1")) << false
                                             << words({"artist id", "white space"});
        row("artist id with a look-alike letter")
            << none << artist(QStringLiteral("art_\u0430")) << false
            << words({"artist id", "U+0430", "A-Za-z0-9_.-"});
        row("track id with NUL") << none
                                 << Events::cart(oneItem(QStringLiteral("art_1"),
                                                         QStringLiteral("trk_1") + QChar(0)))
                                 << false << words({"track id", "NUL"});
        row("track id of 65 characters")
            << none << Events::cart(oneItem(QStringLiteral("art_1"), QString(65, u't'))) << false
            << words({"track id", "65 characters long"});
        row("account id with a bidi isolate")
            << none
            << Events::cart(oneItem(QStringLiteral("art_1"), QStringLiteral("trk_1"),
                                    QStringLiteral("acct_1\u2066")))
            << false << words({"account id", "bidi", "U+2066"});
        row("account id of 256 characters after acct_")
            << none
            << Events::cart(oneItem(QStringLiteral("art_1"), QStringLiteral("trk_1"),
                                    u"acct_" + QString(256, u'A')))
            << false << words({"account id", "256 characters long", "1 to 255"});
        row("account id with a hyphen after acct_")
            << none
            << Events::cart(oneItem(QStringLiteral("art_1"), QStringLiteral("trk_1"),
                                    QStringLiteral("acct_1-2")))
            << false << words({"account id", "U+002D", "A-Za-z0-9"});
        row("account id with an underscore after acct_")
            << none
            << Events::cart(oneItem(QStringLiteral("art_1"), QStringLiteral("trk_1"),
                                    QStringLiteral("acct_1_new")))
            << false << words({"account id", "U+005F", "A-Za-z0-9"});
        row("account id without acct_")
            << none
            << Events::cart(oneItem(QStringLiteral("art_1"), QStringLiteral("trk_1"),
                                    QStringLiteral("acc_1")))
            << false << words({"account", "acct_"});

        // payment_status of a completed session: paid or unpaid, nothing else.
        {
            Events::Cart c = oneItem();
            c.paymentStatus = QStringLiteral("maybe");
            row("payment_status garbage")
                << none << Events::cart(c) << false << words({"payment_status", "\"maybe\""});
            c.paymentStatus = QStringLiteral("no_payment_required");
            row("payment_status no_payment_required")
                << none << Events::cart(c) << false << words({"payment_status", "paid"});
            row("payment_status missing")
                << none
                << edited(oneItem(),
                          [](QJsonObject &, QJsonObject &s) { s.remove(u"payment_status"); })
                << false << words({"payment_status is missing"});
        }

        // cart_items parts: exactly cart_items, cart_items_2, ... nothing guessed.
        {
            Events::Cart c = twoItems();
            c.splitAt = 40;
            const auto renamed = [&](const QString &from, const QString &to) {
                return withMetadata(c, [=](QJsonObject &m) { m[to] = m.take(from); });
            };
            row("cart_items_02") << none
                                 << renamed(QStringLiteral("cart_items_2"),
                                            QStringLiteral("cart_items_02"))
                                 << false
                                 << words({"cart_items_02", "not a valid cart_items part"});
            // A second spelling beside the real part 2 used to replace it.
            row("\"cart_items_2 \" beside cart_items_2")
                << none
                << withMetadata(c, [](QJsonObject &m) { m[u"cart_items_2 "] = m[u"cart_items_2"]; })
                << false << words({"\"cart_items_2 \"", "not a valid cart_items part"});
            row("Cart_Items_2") << none
                                << renamed(QStringLiteral("cart_items_2"),
                                           QStringLiteral("Cart_Items_2"))
                                << false << words({"Cart_Items_2", "not a valid cart_items part"});
            row("cart_items_1") << none
                                << renamed(QStringLiteral("cart_items_2"),
                                           QStringLiteral("cart_items_1"))
                                << false << words({"cart_items_1", "not a valid cart_items part"});
        }

        // One session, one payment intent.
        {
            Events::Cart first = oneItem();
            Events::Cart second = oneItem();
            second.eventId = QStringLiteral("evt_2");
            second.paymentIntent = QStringLiteral("pi_2");
            row("same session, another payment intent")
                << QList<QByteArray>{Events::cart(first)} << Events::cart(second) << false
                << words({"cs_test_1", "pi_1", "pi_2", "one payment intent"});
            Events::Cart unpaid = first;
            unpaid.paymentStatus = QStringLiteral("unpaid");
            second.type = QStringLiteral("checkout.session.async_payment_succeeded");
            row("unpaid session, paid under another payment intent")
                << QList<QByteArray>{Events::cart(unpaid)} << Events::cart(second) << false
                << words({"cs_test_1", "pi_1", "pi_2", "one payment intent"});
        }

        // Same (payment intent, artist, track, kind), another amount: a conflict.
        {
            const Events::Cart first = twoItems();
            Events::Cart again = twoItems();
            again.eventId = QStringLiteral("evt_2");
            again.items[1] = Events::item(QStringLiteral("art_2"), 999, QStringLiteral("trk_7"));
            row("same item again with another amount")
                << QList<QByteArray>{Events::cart(first)} << Events::cart(again) << false
                << words({"conflicting duplicate", "pi_1", "art_2", "trk_7", "840", "999"});
            Events::Cart inOne = oneItem();
            inOne.items.append(Events::item(QStringLiteral("art_1"), 561, QStringLiteral("trk_1")));
            row("same item twice in one cart with other amounts")
                << none << Events::cart(inOne) << false
                << words({"conflicting duplicate", "cart items 1 and 2", "560", "561"});
        }

        // created: after 2010, at most a day in the future.
        {
            Events::Cart c = oneItem();
            c.created = 1000;
            row("created in 1970") << none << Events::cart(c) << false
                                   << words({"created 1000", "plausible Unix time"});
            c.created = -1;
            row("created negative")
                << none << Events::cart(c) << false << words({"created -1", "plausible Unix time"});
            c.created = std::numeric_limits<qint64>::max();
            row("created at the 64-bit limit")
                << none << Events::cart(c) << false
                << words({"created 9223372036854775807", "plausible Unix time"});
            c.created = 1767225600 + 2 * 86400;
            row("created two days in the future")
                << none << Events::cart(c) << false
                << words({"2026-01-03", "more than a day in the future"});
            row("created a float") << none << edited(oneItem(), [](QJsonObject &e, QJsonObject &s) {
                e[u"created"] = 1.5e300;
                s[u"created"] = 1.5e300;
            }) << false << words({"created", "not an integer"});
            row("created missing") << none << edited(oneItem(), [](QJsonObject &e, QJsonObject &s) {
                e.remove(u"created");
                s.remove(u"created");
            }) << false << words({"created is missing"});
        }

        // livemode matches the engine's key.
        {
            const auto live = [](bool event, bool session) {
                return edited(oneItem(), [=](QJsonObject &e, QJsonObject &s) {
                    e[u"livemode"] = event;
                    s[u"livemode"] = session;
                });
            };
            row("live event, test key (development)")
                << none << live(true, true) << false << words({"livemode mismatch", "live-mode"});
            row("test event, live key") << none << Events::cart(oneItem()) << true
                                        << words({"livemode mismatch", "test-mode"});
            row("livemode disagrees")
                << none << live(true, false) << true << words({"livemode disagrees"});
            row("livemode missing") << none
                                    << edited(oneItem(),
                                              [](QJsonObject &e, QJsonObject &s) {
                                                  e.remove(u"livemode");
                                                  s.remove(u"livemode");
                                              })
                                    << false << words({"livemode is missing"});
            row("livemode a string") << none
                                     << edited(oneItem(),
                                               [](QJsonObject &, QJsonObject &s) {
                                                   s[u"livemode"] = QStringLiteral("true");
                                               })
                                     << false << words({"livemode must be true or false"});
            QJsonObject refund = QJsonDocument::fromJson(Events::refund(QStringLiteral("evt_r"),
                                                                        QStringLiteral("pi_1")))
                                     .object();
            refund[u"livemode"] = true;
            row("live refund, test key")
                << QList<QByteArray>{Events::cart(oneItem())} << Events::toBytes(refund) << false
                << words({"livemode mismatch"});
        }

        // A paid sale is never downgraded by a later async_payment_failed.
        {
            Events::Cart failed = oneItem();
            failed.eventId = QStringLiteral("evt_failed");
            failed.type = QStringLiteral("checkout.session.async_payment_failed");
            failed.paymentStatus = QStringLiteral("unpaid");
            row("async_payment_failed after paid")
                << QList<QByteArray>{Events::cart(oneItem())} << Events::cart(failed) << false
                << words({"cs_test_1", "already recorded as paid", "does not undo"});
        }
    }
    void refused()
    {
        QFETCH(QList<QByteArray>, before);
        QFETCH(QByteArray, body);
        QFETCH(bool, live);
        QFETCH(QStringList, reason);
        m_intake->setLivemode(live);
        for (const QByteArray &b : std::as_const(before)) {
            const IntakeOutcome o = ingest(b);
            QVERIFY2(o.kind != K::Quarantined, qPrintable(o.detail));
        }
        const QString seen = snapshot();
        QSignalSpy quarantined(m_intake.get(), &Intake::eventQuarantined);

        const IntakeOutcome o = ingest(body);
        QCOMPARE(o.kind, K::Quarantined);
        for (const QString &word : std::as_const(reason))
            QVERIFY2(o.detail.contains(word), qPrintable(word + u" not in: " + o.detail));
        // A reason a person can read: no NUL, control or bidi character, not a
        // whole 10 KB id.
        for (const QChar c : o.detail)
            QVERIFY2(c.unicode() >= 0x20 && c.unicode() < 0x7f, qPrintable(o.detail));
        QVERIFY2(o.detail.size() < 400, qPrintable(o.detail));
        QCOMPARE(quarantined.size(), 1);
        const QList<QuarantinedEvent> q = m_ledger->reader().quarantine().value();
        QCOMPARE(q.size(), 1);
        QCOMPARE(q.first().body, body);
        QCOMPARE(q.first().reason, o.detail);
        // Nothing of it in the ledger; a redelivery is a duplicate.
        QCOMPARE(snapshot(), seen);
        QCOMPARE(ingest(body).kind, K::Duplicate);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    // The edges of each rule still pass.
    void accepted_data()
    {
        QTest::addColumn<QList<QByteArray>>("before");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("live");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("sale"); // the session's payment_status afterwards

        const QList<QByteArray> none;
        const auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };
        row("ids at their longest") << none
                                    << Events::cart(oneItem(QString(64, u'a'), QString(64, u't'),
                                                            u"acct_" + QString(255, u'Z')))
                                    << false << int(K::Recorded) << "paid";
        {
            // 200 characters, each beyond the BMP (400 UTF-16 units).
            Events::Cart c = oneItem();
            c.items = {Events::item(QStringLiteral("art_1"), 560, QStringLiteral("trk_1"), {},
                                    QStringLiteral("acct_1"),
                                    QString(QStringLiteral("\U0001F3B5")).repeated(200))};
            row("title of 200 characters")
                << none << Events::cart(c) << false << int(K::Recorded) << "paid";
        }
        row("ids with every allowed character")
            << none
            << Events::cart(oneItem(QStringLiteral("Art.9_x-Y"), QStringLiteral("trk-9.B_z"),
                                    QStringLiteral("acct_1Abc")))
            << false << int(K::Recorded) << "paid";
        {
            Events::Cart c = oneItem();
            c.created = 1767225600 + 86400;
            row("created exactly a day ahead")
                << none << Events::cart(c) << false << int(K::Recorded) << "paid";
            c.created = 1262304000;
            row("created at the start of 2010")
                << none << Events::cart(c) << false << int(K::Recorded) << "paid";
        }
        row("live event, live key") << none
                                    << edited(oneItem(),
                                              [](QJsonObject &e, QJsonObject &s) {
                                                  e[u"livemode"] = true;
                                                  s[u"livemode"] = true;
                                              })
                                    << true << int(K::Recorded) << "paid";
        {
            Events::Cart c = twoItems();
            c.splitAt = 10;
            QVERIFY(Events::cart(c).contains("cart_items_10"));
            row("cart_items_10 and above")
                << none << Events::cart(c) << false << int(K::Recorded) << "paid";
        }
        {
            Events::Cart again = twoItems();
            again.eventId = QStringLiteral("evt_2");
            row("same items again with the same amounts: a harmless duplicate")
                << QList<QByteArray>{Events::cart(twoItems())} << Events::cart(again) << false
                << int(K::Recorded) << "paid";
        }
        {
            // Delivered out of order: the unpaid completion after the success.
            Events::Cart paid = oneItem();
            paid.type = QStringLiteral("checkout.session.async_payment_succeeded");
            Events::Cart unpaid = oneItem();
            unpaid.eventId = QStringLiteral("evt_2");
            unpaid.paymentStatus = QStringLiteral("unpaid");
            row("unpaid completion after the payment succeeded")
                << QList<QByteArray>{Events::cart(paid)} << Events::cart(unpaid) << false
                << int(K::Ignored) << "paid";
            Events::Cart failed = unpaid;
            failed.eventId = QStringLiteral("evt_3");
            failed.type = QStringLiteral("checkout.session.async_payment_failed");
            row("async_payment_failed of an unpaid session")
                << QList<QByteArray>{Events::cart(unpaid)} << Events::cart(failed) << false
                << int(K::PaymentFailed) << "failed";
        }
    }
    void accepted()
    {
        QFETCH(QList<QByteArray>, before);
        QFETCH(QByteArray, body);
        QFETCH(bool, live);
        QFETCH(int, kind);
        QFETCH(QString, sale);
        m_intake->setLivemode(live);
        for (const QByteArray &b : std::as_const(before))
            QCOMPARE(ingest(b).kind == K::Quarantined, false);
        const IntakeOutcome o = ingest(body);
        QVERIFY2(o.kind == K(kind), qPrintable(outcomeName(o.kind) + u": " + o.detail));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM quarantine")), 0);
        QSqlQuery q(sqliteConnection(*m_ledger));
        QVERIFY(q.exec(QStringLiteral("SELECT payment_status FROM sales")) && q.next());
        QCOMPARE(q.value(0).toString(), sale);
        QVERIFY(m_ledger->reader().verify().value().ok());
    }

    void processModeIsTheDefault()
    {
        const auto liveCart = edited(oneItem(), [](QJsonObject &e, QJsonObject &s) {
            e[u"livemode"] = true;
            s[u"livemode"] = true;
        });
        Intake::setProcessLivemode(true);
        Intake live(*m_ledger);
        const Result<IntakeOutcome> o = live.ingestOne(liveCart, IntakeSource::Webhook);
        Intake::setProcessLivemode(false);
        QVERIFY(o);
        QCOMPARE(o->kind, K::Recorded);
        QVERIFY(isLiveStripeKey(QStringLiteral("sk_live_x")));
        QVERIFY(isLiveStripeKey(QStringLiteral("rk_live_x")));
        QVERIFY(!isLiveStripeKey(QStringLiteral("sk_test_x")));
        QVERIFY(!isLiveStripeKey(QString()));
    }

    // The signature's timestamp is the sender's: extreme values are outside
    // the tolerance, computed without signed overflow.
    void signatureTimestampExtremes_data()
    {
        QTest::addColumn<qint64>("t");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<int>("verdict");
        using V = WebhookSignature::Verdict;
        constexpr qint64 kMin = std::numeric_limits<qint64>::min();
        constexpr qint64 kMax = std::numeric_limits<qint64>::max();
        QTest::newRow("t = INT64_MIN") << kMin << qint64(1767225600) << int(V::TooOld);
        QTest::newRow("t = INT64_MAX") << kMax << qint64(1767225600) << int(V::TooNew);
        QTest::newRow("t = INT64_MAX, now negative") << kMax << qint64(-1) << int(V::TooNew);
        QTest::newRow("t = INT64_MIN, now = INT64_MAX") << kMin << kMax << int(V::TooOld);
        QTest::newRow("t = -1") << qint64(-1) << qint64(1767225600) << int(V::TooOld);
        QTest::newRow("t = now") << qint64(1767225600) << qint64(1767225600) << int(V::Valid);
    }
    void signatureTimestampExtremes()
    {
        QFETCH(qint64, t);
        QFETCH(qint64, now);
        QFETCH(int, verdict);
        const QByteArray body = Events::cart(oneItem());
        const QByteArray secret = "whsec_test";
        const auto v =
            WebhookSignature::verify(WebhookSignature::sign(body, secret, t), body, secret, now);
        QCOMPARE(WebhookSignature::describe(v),
                 WebhookSignature::describe(WebhookSignature::Verdict(verdict)));
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
