#include "common/TypedConfirmDialog.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

// The typed confirmation: only the exact word enables the confirm button.
class TestTypedConfirm final : public QObject
{
    Q_OBJECT

    struct Dialog
    {
        TypedConfirmDialog dialog{QStringLiteral("Reset Account"), QStringLiteral("Really?"),
                                  QStringLiteral("RESET"), QStringLiteral("Reset Account")};
        QLineEdit *edit = dialog.findChild<QLineEdit *>(QStringLiteral("typedConfirmEdit"));
        QPushButton *confirm =
            dialog.findChild<QPushButton *>(QStringLiteral("typedConfirmButton"));
        QPushButton *cancel = dialog.findChild<QPushButton *>(QStringLiteral("typedCancelButton"));
    };

private Q_SLOTS:
    void onlyTheExactWordEnablesConfirm_data()
    {
        QTest::addColumn<QString>("typed");
        QTest::addColumn<bool>("enabled");
        QTest::newRow("nothing") << QString() << false;
        QTest::newRow("wrong word") << QStringLiteral("DELETE") << false;
        QTest::newRow("lower case") << QStringLiteral("reset") << false;
        QTest::newRow("mixed case") << QStringLiteral("Reset") << false;
        QTest::newRow("leading space") << QStringLiteral(" RESET") << false;
        QTest::newRow("trailing space") << QStringLiteral("RESET ") << false;
        QTest::newRow("too short") << QStringLiteral("RESE") << false;
        QTest::newRow("too long") << QStringLiteral("RESETS") << false;
        QTest::newRow("exact") << QStringLiteral("RESET") << true;
    }
    void onlyTheExactWordEnablesConfirm()
    {
        QFETCH(QString, typed);
        QFETCH(bool, enabled);
        Dialog d;
        QVERIFY(d.edit && d.confirm && d.cancel);
        d.dialog.show();
        QVERIFY(!d.confirm->isEnabled());
        QTest::keyClicks(d.edit, typed);
        QCOMPARE(d.edit->text(), typed);
        QCOMPARE(d.confirm->isEnabled(), enabled);

        // A disabled button cannot accept, whatever is clicked.
        QTest::mouseClick(d.confirm, Qt::LeftButton);
        QCOMPARE(d.dialog.result() == QDialog::Accepted, enabled);
    }

    void editingAwayFromTheWordDisablesAgain()
    {
        Dialog d;
        d.dialog.show();
        QTest::keyClicks(d.edit, QStringLiteral("RESET"));
        QVERIFY(d.confirm->isEnabled());
        QTest::keyClick(d.edit, Qt::Key_Backspace);
        QVERIFY(!d.confirm->isEnabled());
        QTest::keyClicks(d.edit, QStringLiteral("T "));
        QVERIFY(!d.confirm->isEnabled());
    }

    void cancelRejectsEvenWithTheWordTyped()
    {
        Dialog d;
        d.dialog.show();
        QSignalSpy rejected(&d.dialog, &QDialog::rejected);
        QTest::keyClicks(d.edit, QStringLiteral("RESET"));
        QTest::mouseClick(d.cancel, Qt::LeftButton);
        QCOMPARE(rejected.count(), 1);
        QCOMPARE(d.dialog.result(), int(QDialog::Rejected));
    }

    void escapeRejects()
    {
        Dialog d;
        d.dialog.show();
        QSignalSpy rejected(&d.dialog, &QDialog::rejected);
        QTest::keyClicks(d.edit, QStringLiteral("RESET"));
        QTest::keyClick(d.edit, Qt::Key_Escape);
        QCOMPARE(rejected.count(), 1);
    }

    void enterDoesNotConfirmAWrongWord()
    {
        Dialog d;
        d.dialog.show();
        QSignalSpy accepted(&d.dialog, &QDialog::accepted);
        QTest::keyClicks(d.edit, QStringLiteral("reset"));
        QTest::keyClick(d.edit, Qt::Key_Return);
        QCOMPARE(accepted.count(), 0);
    }

    void confirmAcceptsWithTheWord()
    {
        Dialog d;
        d.dialog.show();
        QSignalSpy accepted(&d.dialog, &QDialog::accepted);
        QTest::keyClicks(d.edit, QStringLiteral("RESET"));
        QTest::mouseClick(d.confirm, Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
    }

    void controlsHaveAccessibleNames()
    {
        Dialog d;
        QVERIFY(!d.edit->accessibleName().isEmpty());
        QVERIFY(!d.confirm->accessibleName().isEmpty());
        QVERIFY(!d.cancel->accessibleName().isEmpty());
    }
};

QTEST_MAIN(TestTypedConfirm)
#include "tst_ui_typedconfirm.moc"
