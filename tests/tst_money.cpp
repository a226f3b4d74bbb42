#include "money/Money.h"

#include <QLocale>
#include <QTest>

#include <optional>

Q_DECLARE_METATYPE(std::optional<Money>)

// Money formatting uses integer arithmetic only and each currency's own
// minor unit; these are the figures an artist reads.
class TestMoney final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void format_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("expected");
        QTest::newRow("gbp en_GB")
            << "en_GB" << qint64(123456) << "gbp" << QString::fromUtf8("£1,234.56");
        QTest::newRow("gbp pennies") << "en_GB" << qint64(5) << "gbp" << QString::fromUtf8("£0.05");
        QTest::newRow("gbp zero") << "en_GB" << qint64(0) << "gbp" << QString::fromUtf8("£0.00");
        QTest::newRow("gbp negative")
            << "en_GB" << qint64(-150) << "gbp" << QString::fromUtf8("-£1.50");
        QTest::newRow("eur de_DE")
            << "de_DE" << qint64(123456) << "eur" << QString::fromUtf8("1.234,56\u00a0€");
        QTest::newRow("eur en_GB") << "en_GB" << qint64(99) << "eur" << QString::fromUtf8("€0.99");
        QTest::newRow("jpy has no minor unit")
            << "en_GB" << qint64(1235) << "jpy" << QString::fromUtf8("¥1,235");
        QTest::newRow("kwd has three digits")
            << "en_GB" << qint64(1234) << "kwd" << QString::fromUtf8("KWD1.234");
        QTest::newRow("C locale puts the symbol first")
            << "C" << qint64(560) << "gbp" << QString::fromUtf8("£5.60");
        QTest::newRow("largest amount") << "en_GB" << std::numeric_limits<qint64>::max() << "gbp"
                                        << QString::fromUtf8("£92,233,720,368,547,758.07");
    }
    void format()
    {
        QFETCH(QString, locale);
        QFETCH(qint64, minor);
        QFETCH(QString, currency);
        QFETCH(QString, expected);
        QCOMPARE(Money(minor, currency).format(QLocale(locale)), expected);
    }

    void decimalString_data()
    {
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("expected");
        QTest::newRow("gbp") << qint64(560) << "gbp"
                             << "5.60";
        QTest::newRow("jpy") << qint64(560) << "jpy"
                             << "560";
        QTest::newRow("bhd") << qint64(5) << "bhd"
                             << "0.005";
        QTest::newRow("min") << std::numeric_limits<qint64>::min() << "usd"
                             << "-92233720368547758.08";
    }
    void decimalString()
    {
        QFETCH(qint64, minor);
        QFETCH(QString, currency);
        QFETCH(QString, expected);
        QCOMPARE(Money(minor, currency).toDecimalString(), expected);
    }

    // Checked arithmetic: 64-bit edges and currency mismatches are refused.
    void checkedArithmetic_data()
    {
        constexpr qint64 max = std::numeric_limits<qint64>::max();
        constexpr qint64 min = std::numeric_limits<qint64>::min();
        const QString gbp = QStringLiteral("gbp");
        QTest::addColumn<Money>("a");
        QTest::addColumn<Money>("b");
        QTest::addColumn<std::optional<Money>>("sum");
        QTest::addColumn<std::optional<Money>>("difference");
        const std::optional<Money> none;
        QTest::newRow("ordinary") << Money(560, gbp) << Money(40, gbp)
                                  << std::optional(Money(600, gbp))
                                  << std::optional(Money(520, gbp));
        QTest::newRow("zero") << Money(0, gbp) << Money(0, gbp) << std::optional(Money(0, gbp))
                              << std::optional(Money(0, gbp));
        QTest::newRow("max plus zero")
            << Money(max, gbp) << Money(0, gbp) << std::optional(Money(max, gbp))
            << std::optional(Money(max, gbp));
        QTest::newRow("max plus one overflows")
            << Money(max, gbp) << Money(1, gbp) << none << std::optional(Money(max - 1, gbp));
        QTest::newRow("max plus max overflows")
            << Money(max, gbp) << Money(max, gbp) << none << std::optional(Money(0, gbp));
        QTest::newRow("min minus one overflows")
            << Money(min, gbp) << Money(1, gbp) << std::optional(Money(min + 1, gbp)) << none;
        QTest::newRow("min plus min overflows")
            << Money(min, gbp) << Money(min, gbp) << none << std::optional(Money(0, gbp));
        QTest::newRow("zero minus min overflows")
            << Money(0, gbp) << Money(min, gbp) << std::optional(Money(min, gbp)) << none;
        QTest::newRow("negative clawback")
            << Money(100, gbp) << Money(-250, gbp) << std::optional(Money(-150, gbp))
            << std::optional(Money(350, gbp));
        QTest::newRow("currency mismatch")
            << Money(100, gbp) << Money(100, QStringLiteral("eur")) << none << none;
        QTest::newRow("jpy and jpy")
            << Money(1235, QStringLiteral("jpy")) << Money(5, QStringLiteral("jpy"))
            << std::optional(Money(1240, QStringLiteral("jpy")))
            << std::optional(Money(1230, QStringLiteral("jpy")));
        QTest::newRow("case matters: Stripe sends lower case")
            << Money(1, gbp) << Money(1, QStringLiteral("GBP")) << none << none;
    }
    void checkedArithmetic()
    {
        QFETCH(Money, a);
        QFETCH(Money, b);
        QFETCH(std::optional<Money>, sum);
        QFETCH(std::optional<Money>, difference);
        QCOMPARE(a.plus(b), sum);
        QCOMPARE(a.minus(b), difference);
    }

    void checkedSum_data()
    {
        constexpr qint64 max = std::numeric_limits<qint64>::max();
        const QString kwd = QStringLiteral("kwd");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QList<Money>>("amounts");
        QTest::addColumn<std::optional<Money>>("expected");
        QTest::newRow("nothing is zero") << kwd << QList<Money>{} << std::optional(Money(0, kwd));
        QTest::newRow("three-decimal amounts")
            << kwd << QList<Money>{Money(1234, kwd), Money(1, kwd), Money(765, kwd)}
            << std::optional(Money(2000, kwd));
        QTest::newRow("exactly the largest amount")
            << kwd << QList<Money>{Money(max - 1, kwd), Money(1, kwd)}
            << std::optional(Money(max, kwd));
        QTest::newRow("one past the largest amount is refused")
            << kwd << QList<Money>{Money(max - 1, kwd), Money(1, kwd), Money(1, kwd)}
            << std::optional<Money>();
        QTest::newRow("a later negative does not excuse the overflow")
            << kwd << QList<Money>{Money(max, kwd), Money(1, kwd), Money(-5, kwd)}
            << std::optional<Money>();
        QTest::newRow("another currency is refused")
            << kwd << QList<Money>{Money(1, kwd), Money(1, QStringLiteral("bhd"))}
            << std::optional<Money>();
    }
    void checkedSum()
    {
        QFETCH(QString, currency);
        QFETCH(QList<Money>, amounts);
        QFETCH(std::optional<Money>, expected);
        QCOMPARE(Money::sum(currency, amounts), expected);
    }

    void knownCurrencies()
    {
        QVERIFY(Currency::isKnown(QStringLiteral("gbp")));
        QCOMPARE(Currency::minorDigits(QStringLiteral("jpy")), std::optional<int>(0));
        QCOMPARE(Currency::minorDigits(QStringLiteral("usd")), std::optional<int>(2));
        QVERIFY(!Currency::isKnown(QStringLiteral("GBP"))); // Stripe sends lower case
        QVERIFY(!Currency::isKnown(QStringLiteral("xxx")));
    }
};

QTEST_GUILESS_MAIN(TestMoney)
#include "tst_money.moc"
