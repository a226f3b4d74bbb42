// import: the subcommand through which files of events enter the ledger.
#include "Cli.h"
#include "Commands.h"
#include "intake/Intake.h"
#include "ledger/Ledger.h"
#include "util/Clock.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace {

// Events per transaction during import: large enough that the fsync and the
// per-artist totals are amortised, small enough that memory stays flat for
// any file size.
constexpr int kImportBatch = 20000;

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

} // namespace

int runImport(CliContext &ctx)
{
    QCommandLineParser p;
    p.setApplicationDescription(QStringLiteral("Import Stripe events: one JSON event per file, or "
                                               "one per line. Bad events are quarantined."));
    p.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Event files."),
                            QStringLiteral("FILE..."));
    p.addOption({QStringLiteral("json"), QStringLiteral("Print the summary as JSON.")});
    int code = ExitOk;
    if (!parseSubcommand(p, ctx, &code))
        return code;
    const QStringList files = p.positionalArguments();
    if (files.isEmpty()) {
        std::fprintf(stderr, "payoutdesk import: name at least one file\n");
        return ExitUsage;
    }
    std::unique_ptr<Ledger> ledger = ctx.openLedger();
    if (!ledger)
        return ExitFailure;
    Intake intake(*ledger);
    // Events must match the mode of the engine's key (EVENTS.md); no key
    // (or an unreadable one) counts as test mode.
    const Result<QString> key = ctx.secrets->read(SecretStore::Secret::StripeApiKey);
    intake.setLivemode(key && isLiveStripeKey(*key));

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
        // Each batch is counted once committed; a failed batch is reported
        // and the batches before it stay imported.
        const Status s = intake.ingestInBatches(
            splitEvents(f.readAll()), IntakeSource::Import, kImportBatch,
            [&](const QList<IntakeOutcome> &outcomes) {
                for (const IntakeOutcome &o : outcomes) {
                    ++counts[o.kind];
                    entries += o.entriesAdded;
                    if (o.kind == IntakeOutcome::Kind::Quarantined)
                        quarantined << QStringLiteral("%1: %2").arg(
                            o.eventId.isEmpty() ? QStringLiteral("(no id)") : o.eventId, o.detail);
                }
            });
        if (!s) {
            std::fprintf(stderr,
                         "payoutdesk import: %s: %s\nNothing of this batch was stored; "
                         "importing the file again is safe (events are deduplicated).\n",
                         qPrintable(path), qPrintable(s.error().message));
            return ExitFailure;
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
