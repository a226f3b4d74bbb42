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
    m_icon->setToolTip(toolTip());
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
    if (m_runs) {
        connect(m_runs, &RunControl::runStarted, this, [this] { setState(State::Paying); });
        connect(m_runs, &RunControl::runFinished, this, &TrayNotifier::notifyRun);
    }
}

void TrayNotifier::setState(State state, const QString &detail)
{
    if (state == m_state && detail == m_detail)
        return;
    m_state = state;
    m_detail = detail;
    if (m_icon) {
        static const QString icons[] = {QStringLiteral(":/icons/payoutdesk.svg"),
                                        QStringLiteral(":/icons/tray-paying.svg"),
                                        QStringLiteral(":/icons/tray-attention.svg")};
        m_icon->setIcon(QIcon(icons[int(state)]));
        m_icon->setToolTip(toolTip());
    }
    Q_EMIT stateChanged(state);
}

QString TrayNotifier::toolTip() const
{
    switch (m_state) {
    case State::Paying:
        return tr("Payout Desk: paying artists now");
    case State::Attention:
        return tr("Payout Desk needs your attention: %1").arg(m_detail);
    case State::Idle:
        break;
    }
    return m_runs ? tr("Payout Desk: payouts run on schedule") : tr("Payout Desk");
}

void TrayNotifier::notifyRun(const PayoutRunSummary &summary)
{
    // The state follows every run; an attention state stays until a run
    // goes well.
    if (!summary.ok() || summary.needsAttention())
        setState(State::Attention, RunSummaryText::title(summary));
    else
        setState(State::Idle);
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
