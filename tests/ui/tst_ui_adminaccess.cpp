#include "MainWindow.h"
#include "UiFixture.h"
#include "admin/AdminView.h"
#include "service/AdminAccess.h"

#include <QAction>
#include <QComboBox>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTest>

#include <memory>

// Admin needs proof (ARCHITECTURE.md, Access): without the admin credential
// (the Stripe secret key or the admin token, here in the test's own real
// keychain) the window has no View › Admin View at all, not a disabled one,
// and cannot be switched to the admin view; with it, the entry is there.
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
