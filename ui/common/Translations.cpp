#include "Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

bool installTranslations(const QLocale &locale)
{
    // Kept for the life of the process; replaced, not stacked, on a new call.
    static std::unique_ptr<QTranslator> qt;
    static std::unique_ptr<QTranslator> ours;
    for (auto *t : {qt.get(), ours.get()})
        if (t)
            QCoreApplication::removeTranslator(t);
    qt = std::make_unique<QTranslator>();
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt.get());
    ours = std::make_unique<QTranslator>();
    const bool found = ours->load(locale, QStringLiteral("payoutdesk"), QStringLiteral("_"),
                                  QStringLiteral(":/i18n"));
    // A locale without a catalogue of ours (C, POSIX, French) reads the
    // source English, whose counts need the English catalogue's plural
    // forms: "1 sale", never "1 sale(s)".
    if (found || ours->load(QStringLiteral(":/i18n/payoutdesk_en")))
        QCoreApplication::installTranslator(ours.get());
    return found;
}
