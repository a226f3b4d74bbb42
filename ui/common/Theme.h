#pragma once

#include <QString>

class QApplication;

// Light or dark, for the whole application. "system" follows the desktop:
// a platform theme that already gives a dark palette is kept as it is;
// otherwise the desktop's colour-scheme preference (the XDG desktop
// portal's org.freedesktop.appearance color-scheme, as GNOME and KDE set
// it, or GTK_THEME=...:dark) picks Payout Desk's dark palette. "light" and
// "dark" force one. Every colour the window draws itself (status chips,
// cards, the danger zone, the chart) is chosen from the palette in use, so
// each stays readable in both.
namespace Theme {

enum class Choice { System, Light, Dark };

// "system", "light", "dark" (case-insensitive); anything else is System.
Choice parse(const QString &text);
// The choice from the environment: PAYOUTDESK_THEME, else System.
Choice fromEnvironment();
// Whether the desktop asks for dark (System only looks here).
bool systemPrefersDark();
// Applies the choice; returns whether the palette in use is now dark.
bool apply(QApplication &app, Choice choice);
bool isDark();

} // namespace Theme
