// import and serve: the subcommands through which sales enter the ledger.
#include "Cli.h"
#include "Commands.h"
#include "config/SecretStore.h"
#include "http/HttpServer.h"
#include "intake/Intake.h"
#include "intake/WebhookReceiver.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>

#include <nlohmann/json.hpp>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Events per transaction during import: large enough that the fsync is
// amortised, small enough that memory stays flat for any file size.
constexpr int kImportBatch = 5000;

// A file holds one event (possibly pretty-printed) or one event per line.
QList<QByteArray> splitEvents(const QByteArray &content)
{
    if (nlohmann::json::accept(content.cbegin(), content.cend()))
        return {content};
    QList<QByteArray> events;
    for (const QByteArray &line : content.split('\n')) {
        const QByteArray trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            events.append(trimmed);
    }
    return events;
}

// Turns SIGINT and SIGTERM into a clean QCoreApplication::quit() through a
// socket pair, the one async-signal-safe way into the event loop.
class UnixSignalWatcher final : public QObject
{
public:
    UnixSignalWatcher()
    {
        if (::socketpair(AF_UNIX, SOCK_STREAM, 0, s_fds) != 0)
            return;
        m_notifier = new QSocketNotifier(s_fds[1], QSocketNotifier::Read, this);
        connect(m_notifier, &QSocketNotifier::activated, this, [this] {
            char c = 0;
            [[maybe_unused]] const auto n = ::read(s_fds[1], &c, 1);
            m_notifier->setEnabled(false);
            QCoreApplication::quit();
        });
        struct sigaction sa = {};
        sa.sa_handler = [](int) {
            const char c = 1;
            [[maybe_unused]] const auto n = ::write(s_fds[0], &c, 1);
        };
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        ::sigaction(SIGINT, &sa, nullptr);
        ::sigaction(SIGTERM, &sa, nullptr);
    }

private:
    static inline int s_fds[2] = {-1, -1};
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace

int runImport(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Import Stripe events: one JSON event per file, or "
                                               "one per line. Bad events are quarantined."));
    p.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Event files."),
                            QStringLiteral("FILE..."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the summary as JSON.")});
    p.addHelpOption();
    if (!p.parse(ctx.args)) {
        std::fprintf(stderr, "payoutdesk import: %s\n", qPrintable(p.errorText()));
        return ExitUsage;
    }
    if (p.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return ExitOk;
    }
    const QStringList files = p.positionalArguments();
    if (files.isEmpty()) {
        std::fprintf(stderr, "payoutdesk import: name at least one file\n");
        return ExitUsage;
    }
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    Intake intake(*ledger);

    QHash<IntakeOutcome::Kind, qint64> counts;
    qint64 entries = 0;
    QStringList quarantined;
    for (const QString &path : files) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "payoutdesk import: cannot read %s: %s\n", qPrintable(path),
                         qPrintable(f.errorString()));
            return ExitFailure;
        }
        const QList<QByteArray> events = splitEvents(f.readAll());
        for (qsizetype i = 0; i < events.size(); i += kImportBatch) {
            const Result<QList<IntakeOutcome>> r =
                intake.ingest(events.mid(i, kImportBatch), IntakeSource::Import);
            if (!r) {
                std::fprintf(stderr,
                             "payoutdesk import: %s: %s\nNothing of this batch was stored; "
                             "importing the file again is safe (events are deduplicated).\n",
                             qPrintable(path), qPrintable(r.error().message));
                return ExitFailure;
            }
            for (const IntakeOutcome &o : *r) {
                ++counts[o.kind];
                entries += o.entriesAdded;
                if (o.kind == IntakeOutcome::Kind::Quarantined)
                    quarantined << QStringLiteral("%1: %2").arg(
                        o.eventId.isEmpty() ? QStringLiteral("(no id)") : o.eventId, o.detail);
            }
        }
    }

    using K = IntakeOutcome::Kind;
    if (p.isSet(QStringLiteral("json"))) {
        QJsonObject o;
        for (K k : {K::Recorded, K::Remembered, K::PaymentFailed, K::Refunded, K::Ignored,
                    K::Duplicate, K::Quarantined})
            o.insert(outcomeName(k), counts.value(k));
        o.insert(QStringLiteral("entries_added"), entries);
        o.insert(QStringLiteral("quarantine_reasons"), QJsonArray::fromStringList(quarantined));
        std::fputs(QJsonDocument(o).toJson(QJsonDocument::Indented).constData(), stdout);
    } else {
        std::printf(
            "Imported %lld events: %lld recorded (%lld entries added), %lld duplicates, "
            "%lld ignored, %lld refunds, %lld awaiting payment, %lld quarantined.\n",
            static_cast<long long>(std::accumulate(counts.cbegin(), counts.cend(), qint64(0))),
            static_cast<long long>(counts.value(K::Recorded)), static_cast<long long>(entries),
            static_cast<long long>(counts.value(K::Duplicate)),
            static_cast<long long>(counts.value(K::Ignored)),
            static_cast<long long>(counts.value(K::Refunded)),
            static_cast<long long>(counts.value(K::Remembered)),
            static_cast<long long>(counts.value(K::Quarantined)));
        for (const QString &q : std::as_const(quarantined))
            std::fprintf(stderr, "quarantined %s\n", qPrintable(q));
    }
    return quarantined.isEmpty() ? ExitOk : ExitAttention;
}

int runServe(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Run headless: the webhook receiver on "
                                               "127.0.0.1 until SIGINT or SIGTERM."));
    p.addHelpOption();
    if (!p.parse(ctx.args)) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(p.errorText()));
        return ExitUsage;
    }
    if (p.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(p.helpText()), stdout);
        return ExitOk;
    }
    const Result<QString> secret = ctx.secrets->read(SecretStore::Secret::WebhookSigningSecret);
    if (!secret) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(secret.error().message));
        return ExitFailure;
    }
    if (secret->isEmpty()) {
        std::fprintf(stderr,
                     "payoutdesk serve: no webhook signing secret. Store it in the window's "
                     "settings, or set STRIPE_WEBHOOK_SECRET (as printed by `stripe listen`).\n");
        return ExitFailure;
    }
    // The main thread's ledger connection makes sure the file exists and is
    // migrated before the writer thread opens its own.
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;

    HttpServer server;
    WebhookReceiver receiver(server, ctx.location.ledgerPath(), secret->toUtf8(), *ctx.clock);
    if (Status s = receiver.start(); !s) {
        std::fprintf(stderr, "payoutdesk serve: %s\n", qPrintable(s.error().message));
        return ExitFailure;
    }
    const quint16 wanted = quint16(ctx.settings->integer(Settings::Key::WebhookPort));
    const quint16 port = server.listenLoopback(wanted);
    if (port == 0) {
        std::fprintf(stderr, "payoutdesk serve: cannot listen on 127.0.0.1:%u (in use?)\n",
                     unsigned(wanted));
        return ExitFailure;
    }
    std::printf("Payout Desk serving on http://127.0.0.1:%u (POST /webhook), ledger %s, %s mode\n",
                unsigned(port), qPrintable(ctx.location.ledgerPath()), qPrintable(ctx.mode()));
    std::fflush(stdout);

    UnixSignalWatcher signals;
    const int rc = QCoreApplication::exec();
    server.close();
    receiver.stop();
    std::printf("Payout Desk stopped.\n");
    return rc;
}
