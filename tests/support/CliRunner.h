#pragma once

// Runs the payoutdesk binary named by PAYOUTDESK_BIN as a user does: a real
// process on a data folder, its exit code and both outputs. Shared by the
// command-line tests.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <cstdlib>

struct CliRun
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

class CliRunner
{
public:
    explicit CliRunner(QString bin = qEnvironmentVariable("PAYOUTDESK_BIN"))
        : m_bin(std::move(bin))
    {}
    const QString &bin() const { return m_bin; }

    // `payoutdesk --data-dir DATADIR ARGS...`; a run that takes over a minute
    // ends the test program.
    CliRun run(const QString &dataDir, const QStringList &args,
               const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment()) const
    {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(m_bin, QStringList{QStringLiteral("--data-dir"), dataDir} + args);
        if (!p.waitForFinished(60'000))
            qFatal("payoutdesk did not finish");
        return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
    }

private:
    QString m_bin;
};
