#pragma once

// A real `payoutdesk-cli serve` for a benchmark: on `dataDir`, on a free
// loopback port, with a webhook signing secret and no Stripe key (payouts
// off), its log on this process's stderr.
#include <QProcess>
#include <QRegularExpression>

// Starts serve and returns its port once it says it is serving.
inline quint16 startServe(QProcess &serve, const QString &bin, const QString &dataDir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("STRIPE_WEBHOOK_SECRET"),
               QStringLiteral("whsec_bench_0123456789abcdef"));
    env.remove(QStringLiteral("STRIPE_API_KEY"));
    serve.setProcessEnvironment(env);
    serve.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    serve.start(bin, {QStringLiteral("--data-dir"), dataDir, QStringLiteral("--webhook-port"),
                      QStringLiteral("0"), QStringLiteral("serve")});
    QByteArray out;
    const QRegularExpression portRe(QStringLiteral("127\\.0\\.0\\.1:(\\d+)"));
    QRegularExpressionMatch m;
    while (!(m = portRe.match(QString::fromUtf8(out))).hasMatch()) {
        if (!serve.waitForReadyRead(60'000))
            qFatal("serve did not start");
        out += serve.readAllStandardOutput();
    }
    return quint16(m.captured(1).toUInt());
}
