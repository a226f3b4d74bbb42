#include "money/Money.h"

#include <QLocale>
#include <QTest>

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
