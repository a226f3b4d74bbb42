#include "Autostart.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStandardPaths>

namespace {

QString quoted(const QString &arg)
{
    static const QString reserved = QStringLiteral(" \t\n\"'\\><~|&;$*?#()`");
    QString escaped;
    bool needsQuotes = arg.isEmpty();
    for (const QChar c : arg) {
        if (reserved.contains(c))
            needsQuotes = true;
        if (c == u'"' || c == u'`' || c == u'$' || c == u'\\')
            escaped += u'\\';
        escaped += c;
    }
    // A field code starts with %, so a literal one is doubled.
    escaped.replace(u'%', QStringLiteral("%%"));
    return needsQuotes ? u'"' + escaped + u'"' : escaped;
}

} // namespace

Autostart::Autostart(QString program, QStringList arguments)
    : m_program(std::move(program))
    , m_arguments(std::move(arguments))
{}

QString Autostart::entryPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/autostart/payoutdesk.desktop");
}

bool Autostart::isEnabled() const
{
    return QFile::exists(entryPath());
}

QString Autostart::execLine(const QString &program, const QStringList &arguments)
{
    QStringList parts{quoted(program)};
    for (const QString &a : arguments)
        parts << quoted(a);
    return parts.join(u' ');
}

QString Autostart::entry() const
{
    return QStringLiteral("[Desktop Entry]\n"
                          "Type=Application\n"
                          "Version=1.5\n"
                          "Name=Payout Desk\n"
                          "Comment=%1\n"
                          "Exec=%2\n"
                          "Icon=payoutdesk\n"
                          "Terminal=false\n"
                          "X-GNOME-Autostart-enabled=true\n")
        .arg(QStringLiteral("Artist payouts from your music store"),
             execLine(m_program, m_arguments));
}

Status Autostart::setEnabled(bool enabled) const
{
    const QString path = entryPath();
    if (!enabled) {
        if (QFile::exists(path) && !QFile::remove(path))
            return fail(Error::io(QStringLiteral("Could not remove %1.").arg(path)));
        return {};
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return fail(Error::io(QStringLiteral("Could not create the folder of %1.").arg(path)));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(entry().toUtf8()) < 0 || !file.commit())
        return fail(
            Error::io(QStringLiteral("Could not write %1: %2").arg(path, file.errorString())));
    return {};
}
