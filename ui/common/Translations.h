#pragma once

class QLocale;

// Installs the catalogues for a locale: Payout Desk's own (embedded by
// qt_add_translations under :/i18n) and Qt's (standard buttons, file
// dialogs). English has a catalogue too, for its plural forms ("1 entry",
// "2 entries"), and is used for a locale that has none. A later call
// replaces the earlier catalogues. Returns whether Payout Desk's catalogue
// was found for the locale.
bool installTranslations(const QLocale &locale);
