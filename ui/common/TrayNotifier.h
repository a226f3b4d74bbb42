#pragma once

#include "engine/PayoutRun.h"

#include <QObject>
#include <QPointer>

class QMenu;
class QSystemTrayIcon;
class RunControl;

// The tray icon, when the desktop has a tray: a notification when a payout
// run pays or fails, and a menu to bring the window back or quit. While a
// payout engine runs in this process, closing the window leaves the app
// here so the schedule keeps running.
class TrayNotifier final : public QObject
{
    Q_OBJECT
public:
    explicit TrayNotifier(QObject *parent = nullptr);
    ~TrayNotifier() override;

    static bool available();
    bool isVisible() const;
    void setRunControl(RunControl *runs);
    void notifyRun(const PayoutRunSummary &summary);
    void notify(const QString &title, const QString &message);

Q_SIGNALS:
    void showWindowRequested();
    void quitRequested();

private:
    QPointer<RunControl> m_runs;
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
};
