#include "TrayNotifier.h"

#include "common/RunControl.h"
#include "common/RunSummaryText.h"

#include <QLocale>
#include <QMenu>
#include <QSystemTrayIcon>

TrayNotifier::TrayNotifier(QObject *parent)
    : QObject(parent)
{
    if (!available())
        return;
    m_menu = new QMenu;
    QAction *show = m_menu->addAction(tr("&Show Payout Desk"));
    QAction *quit = m_menu->addAction(tr("&Quit"));
    connect(show, &QAction::triggered, this, &TrayNotifier::showWindowRequested);
    connect(quit, &QAction::triggered, this, &TrayNotifier::quitRequested);
    m_icon = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/payoutdesk.svg")), this);
    m_icon->setToolTip(tr("Payout Desk"));
    m_icon->setContextMenu(m_menu);
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    Q_EMIT showWindowRequested();
            });
    m_icon->show();
}

TrayNotifier::~TrayNotifier()
{
    delete m_menu; // a context menu has no parent widget
}

bool TrayNotifier::available()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

bool TrayNotifier::isVisible() const
{
    return m_icon && m_icon->isVisible();
}

void TrayNotifier::setRunControl(RunControl *runs)
{
    if (m_runs)
        disconnect(m_runs, nullptr, this, nullptr);
    m_runs = runs;
    if (m_runs)
        connect(m_runs, &RunControl::runFinished, this, &TrayNotifier::notifyRun);
}

void TrayNotifier::notifyRun(const PayoutRunSummary &summary)
{
    // Quiet when a run found nothing to do: the hourly run would otherwise
    // notify every hour.
    if (summary.ok() && summary.transfersAttempted == 0)
        return;
    if (!m_icon)
        return;
    m_icon->showMessage(RunSummaryText::title(summary), RunSummaryText::body(summary, QLocale()),
                        summary.ok() && summary.entriesHeld == 0 ? QSystemTrayIcon::Information
                                                                 : QSystemTrayIcon::Warning);
}

void TrayNotifier::notify(const QString &title, const QString &message)
{
    if (m_icon)
        m_icon->showMessage(title, message);
}
