#include "Theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#ifdef PD_HAVE_DBUS
#include <QDBusConnection>
#include <QDBusMessage>
#include <QDBusVariant>
#endif

namespace {

bool paletteIsDark(const QPalette &p)
{
    return p.color(QPalette::Window).lightness() < 128;
}

QPalette darkPalette()
{
    // Material-like greys; text and disabled text keep WCAG AA contrast on
    // their backgrounds; links and highlights a lighter blue than on light.
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor text(0xe8, 0xea, 0xed);
    const QColor disabled(0x9a, 0xa0, 0xa6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2c));
    p.setColor(QPalette::ToolTipBase, QColor(0x3c, 0x40, 0x43));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0xa8, 0xae, 0xb4));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3b));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x8a, 0x80));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x51));
    p.setColor(QPalette::Midlight, QColor(0x3f, 0x42, 0x46));
    p.setColor(QPalette::Mid, QColor(0x5f, 0x63, 0x68));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    p.setColor(QPalette::Shadow, QColor(0x0, 0x0, 0x0));
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6b, 0xc6));
    p.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x4a, 0x4d, 0x51));
    return p;
}

} // namespace

namespace Theme {

Choice parse(const QString &text)
{
    const QString t = text.trimmed().toLower();
    if (t == u"dark")
        return Choice::Dark;
    if (t == u"light")
        return Choice::Light;
    return Choice::System;
}

Choice fromEnvironment()
{
    return parse(qEnvironmentVariable("PAYOUTDESK_THEME"));
}

bool systemPrefersDark()
{
#ifdef PD_HAVE_DBUS
    // The portal answers 1 for "prefer dark"; a desktop without a portal
    // (or no session bus) answers nothing within the timeout.
    QDBusConnection bus = QDBusConnection::sessionBus();
    if (bus.isConnected()) {
        QDBusMessage call = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.portal.Desktop"),
            QStringLiteral("/org/freedesktop/portal/desktop"),
            QStringLiteral("org.freedesktop.portal.Settings"), QStringLiteral("Read"));
        call << QStringLiteral("org.freedesktop.appearance") << QStringLiteral("color-scheme");
        const QDBusMessage reply = bus.call(call, QDBus::Block, 300);
        if (reply.type() == QDBusMessage::ReplyMessage && !reply.arguments().isEmpty()) {
            QVariant v = reply.arguments().first();
            // A variant in a variant (the portal's Read wraps its value).
            while (v.canConvert<QDBusVariant>())
                v = v.value<QDBusVariant>().variant();
            return v.toUInt() == 1;
        }
    }
#endif
    return qEnvironmentVariable("GTK_THEME").endsWith(u":dark", Qt::CaseInsensitive);
}

bool apply(QApplication &app, Choice choice)
{
    const bool platformDark = paletteIsDark(QApplication::palette());
    bool dark = choice == Choice::Dark ||
                (choice == Choice::System && (platformDark || systemPrefersDark()));
    if (dark == platformDark)
        return dark; // the platform's own palette already is what is wanted
    // Fusion draws every control from the palette, so it follows ours.
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        app.setStyle(fusion);
    app.setPalette(dark ? darkPalette() : app.style()->standardPalette());
    return dark;
}

bool isDark()
{
    return paletteIsDark(QApplication::palette());
}

} // namespace Theme
