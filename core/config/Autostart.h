#pragma once

#include "util/Error.h"

#include <QString>
#include <QStringList>

// Starting the window at login, the freedesktop way: a desktop entry in
// $XDG_CONFIG_HOME/autostart (~/.config/autostart/payoutdesk.desktop), as
// GNOME, KDE and every XDG session read it. The file is the only record:
// the setting is on while it exists, so removing it by hand turns it off.
class Autostart final
{
public:
    // program: the executable to start; arguments: its arguments (the
    // store's --data-dir when it is not the default).
    Autostart(QString program, QStringList arguments);

    static QString entryPath();
    bool isEnabled() const;
    Status setEnabled(bool enabled) const;

    // The desktop entry's text (Desktop Entry Specification 1.5).
    QString entry() const;
    // Exec= quoting: each argument with a reserved character or space in
    // double quotes, with `"`, `` ` ``, `$` and `\` escaped, and `%` doubled.
    static QString execLine(const QString &program, const QStringList &arguments);

private:
    QString m_program;
    QStringList m_arguments;
};
