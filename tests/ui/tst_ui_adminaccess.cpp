#include "MainWindow.h"
#include "UiFixture.h"
#include "admin/AdminView.h"
#include "service/AdminAccess.h"

#include <QAction>
#include <QComboBox>
#include <QDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

// Admin needs proof (ARCHITECTURE.md, Access): without the admin credential
// (the Stripe secret key or the admin token, here in the test's own real
// keychain) the window has no View › Admin View at all, not a disabled one,
// and cannot be switched to the admin view; with it, the entry is there.
// Answers a modal dialog once it is up: the Settings dialog reads the
// keychain before it shows, so a timer set before opening it would fire
// too early.
class WhenShown final : public QObject
{
public:
    WhenShown(const QString &name, std::function<void(QDialog &)> answer)
        : m_name(name)
        , m_answer(std::move(answer))
    {
        qApp->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        auto *dialog = qobject_cast<QDialog *>(watched);
        if (event->type() == QEvent::Show && dialog && dialog->objectName() == m_name)
            QTimer::singleShot(0, dialog, [this, dialog] { m_answer(*dialog); });
        return false;
    }

private:
    QString m_name;
    std::function<void(QDialog &)> m_answer;
};

class TestAdminAccess final : public QObject
{
    Q_OBJECT
    std::unique_ptr<UiFixture> m_f;

    static QStringList viewMenuTexts(MainWindow &window)
    {
        QStringList texts;
        for (QAction *menu : window.menuBar()->actions())
            if (menu->menu() && menu->text() == u"&View")
                for (QAction *a : menu->menu()->actions())
                    texts << a->text();
        return texts;
    }

private Q_SLOTS:
    void init() { m_f = std::make_unique<UiFixture>(); }
    void cleanup() { m_f.reset(); }

    void theCredentialIsTheStripeKeyOrTheAdminToken()
    {
        AdminAccess access = AdminAccess::check(m_f->secrets);
        QVERIFY(!access.granted);
        QVERIFY(access.why.startsWith(u"There is no admin view"));
        QVERIFY(access.why.contains(u"PAYOUTDESK_ADMIN_TOKEN"));

        QVERIFY(m_f->secrets.write(SecretStore::Secret::AdminToken,
                                   QStringLiteral("pd_admin_0123456789")));
        QVERIFY(AdminAccess::check(m_f->secrets).granted);
        QVERIFY(m_f->secrets.remove(SecretStore::Secret::AdminToken));
        QVERIFY(!AdminAccess::check(m_f->secrets).granted);
        QVERIFY(m_f->secrets.write(SecretStore::Secret::StripeApiKey,
                                   QStringLiteral("sk_test_0123456789")));
        access = AdminAccess::check(m_f->secrets);
        QVERIFY(access.granted);
        QVERIFY(access.why.isEmpty());
        // The webhook signing secret alone proves nothing.
        QVERIFY(m_f->secrets.remove(SecretStore::Secret::StripeApiKey));
        QVERIFY(m_f->secrets.write(SecretStore::Secret::WebhookSigningSecret,
                                   QStringLiteral("whsec_0123456789")));
        QVERIFY(!AdminAccess::check(m_f->secrets).granted);
    }

    void withoutTheCredentialTheAdminViewIsAbsent()
    {
        m_f->link(QStringLiteral("art_1"));
        m_f->link(QStringLiteral("art_2"));
        m_f->settings->set(Settings::Key::ArtistId, QStringLiteral("art_1"));
        auto window = m_f->window(false);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(!window->isAdminAllowed());
        QCOMPARE(window->findChild<QAction *>(QStringLiteral("adminViewAction")), nullptr);
        QVERIFY(!viewMenuTexts(*window).contains(u"&Admin View"));
        QVERIFY(viewMenuTexts(*window).contains(u"&Refresh"));
        // Ctrl+Shift+A does nothing either: there is no action to take it.
        QTest::keyClick(window.get(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(!window->isAdminView());

        window->setAdminView(true);
        QVERIFY(!window->isAdminView());
        QCOMPARE(window->tabs()->indexOf(window->adminView()), -1);
        QVERIFY(window->findChild<QComboBox *>(QStringLiteral("artistPicker"))->isHidden());
        QCOMPARE(window->shownArtist(), QStringLiteral("art_1"));
        window->showArtist(QStringLiteral("art_2")); // only the admin view picks artists
        QCOMPARE(window->shownArtist(), QStringLiteral("art_1"));
    }

    void withTheCredentialTheAdminViewIsOneClickAway()
    {
        auto window = m_f->window(false);
        window->setAdminAllowed(true);
        QVERIFY(viewMenuTexts(*window).contains(u"&Admin View"));
        auto *action = window->findChild<QAction *>(QStringLiteral("adminViewAction"));
        QVERIFY(action);
        action->trigger();
        QVERIFY(window->isAdminView());
        QVERIFY(window->tabs()->indexOf(window->adminView()) >= 0);

        // Losing the credential (the key removed in Settings) leaves the
        // admin view and takes the entry away.
        window->setAdminAllowed(false);
        QVERIFY(!window->isAdminView());
        QCOMPARE(window->findChild<QAction *>(QStringLiteral("adminViewAction")), nullptr);
    }

    void aKeySavedInSettingsBringsTheAdminViewAtOnce()
    {
        auto window = m_f->window(false);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QVERIFY(!window->isAdminAllowed());
        // The admin types the Stripe key into File › Settings and saves.
        bool typed = false;
        {
            WhenShown save(QStringLiteral("settingsDialog"), [&](QDialog &dialog) {
                auto *key = dialog.findChild<QLineEdit *>(QStringLiteral("apiKeyEdit"));
                if (key) {
                    key->setText(QStringLiteral("sk_test_51Hsavedinsettings"));
                    typed = true;
                }
                dialog.accept();
            });
            window->findChild<QAction *>(QStringLiteral("settingsAction"))->trigger();
        }
        QVERIFY(typed);
        QVERIFY(window->isAdminAllowed());
        QVERIFY(viewMenuTexts(*window).contains(u"&Admin View"));

        // Gone from the keychain (removed with secret-tool, say): the next
        // Settings closes the admin view and takes the entry away.
        window->setAdminView(true);
        QVERIFY(m_f->secrets.remove(SecretStore::Secret::StripeApiKey));
        {
            WhenShown save(QStringLiteral("settingsDialog"),
                           [](QDialog &dialog) { dialog.accept(); });
            window->findChild<QAction *>(QStringLiteral("settingsAction"))->trigger();
        }
        QVERIFY(!window->isAdminAllowed());
        QVERIFY(!window->isAdminView());
        QCOMPARE(window->findChild<QAction *>(QStringLiteral("adminViewAction")), nullptr);
    }

    void anAdminWindowHasTheEntryChecked()
    {
        auto window = m_f->window(true);
        QVERIFY(window->isAdminView());
        auto *action = window->findChild<QAction *>(QStringLiteral("adminViewAction"));
        QVERIFY(action && action->isChecked());
    }
};

QTEST_MAIN(TestAdminAccess)
#include "tst_ui_adminaccess.moc"
