#include "UiFixture.h"

#include "LedgerSeed.h"
#include "MainWindow.h"
#include "account/AccountRules.h"
#include "common/Translations.h"

#include <QCoreApplication>
#include <QTest>

UiFixture::UiFixture()
    : secrets(QStringLiteral("payoutdesk-uitest-%1").arg(QCoreApplication::applicationPid()))
{
    ledger = std::make_unique<Ledger>(ledgerPath(), clock);
    if (!ledger->open())
        qFatal("cannot open the test ledger");
    intake = std::make_unique<Intake>(*ledger);
    settings = std::make_unique<Settings>(dir.filePath(QStringLiteral("settings.ini")));
    actions = std::make_unique<LocalAdminActions>(*ledger, backupDir(),
                                                  settings->integer(Settings::Key::RetentionDays));
}

UiFixture::~UiFixture()
{
    for (auto s : {SecretStore::Secret::StripeApiKey, SecretStore::Secret::WebhookSigningSecret,
                   SecretStore::Secret::AdminToken, SecretStore::Secret::ArtistToken})
        (void)secrets.remove(s);
}

QList<qint64> UiFixture::sale(const QList<std::pair<QString, qint64>> &items,
                              const QString &currency, const QString &account)
{
    const int n = ++events;
    const Result<QList<qint64>> ids =
        LedgerSeed::sale(*intake, *ledger, QStringLiteral("evt_ui%1").arg(n), items, currency,
                         1767225600 + n * 60, account);
    if (!ids)
        qFatal("sale failed: %s", qPrintable(ids.error().message));
    return *ids;
}

void UiFixture::link(const QString &artist, const QString &account)
{
    if (!AccountRules::linkArtist(*ledger, artist, account, QStringLiteral("test")))
        qFatal("link failed");
}

std::unique_ptr<MainWindow> UiFixture::window(bool admin, int pollMs)
{
    return std::make_unique<MainWindow>(WindowContext{.reader = ledger->reader(),
                                                      .changes = ledger->changes(),
                                                      .meta = ledger->meta(),
                                                      .location = ledger->location(),
                                                      .actions = *actions,
                                                      .settings = *settings,
                                                      .secrets = secrets,
                                                      .clock = clock,
                                                      .prompter = prompter,
                                                      .admin = admin,
                                                      .pollMs = pollMs,
                                                      .changeNotifier = ledger.get()});
}

void UiFixture::useLocale(const QLocale &locale)
{
    QLocale::setDefault(locale);
    // As the application does: the catalogue of the locale, which for
    // English carries the plural forms.
    if (!installTranslations(locale))
        qFatal("no catalogue for %s", qPrintable(locale.name()));
}
