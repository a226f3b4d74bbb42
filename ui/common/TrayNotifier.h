#pragma once

#include "engine/PayoutRun.h"

#include <QObject>
#include <QPointer>

class QMenu;
class QSystemTrayIcon;
class RunControl;

// The tray icon, when the desktop has a tray: the engine's state at a
// glance (state(): its icon and tooltip), a notification when a payout run
// pays or fails, and a menu to bring the window back or quit. While a
// payout engine runs in this process, closing the window leaves the app
// here so the schedule keeps running. The state is kept without a tray
// too (GNOME has none), for the window to show.
class TrayNotifier final : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,      // no run in progress, and the last one needs nobody
        Paying,    // a payout run is in progress
        Attention, // the last run failed or left money a person must look at
    };
    Q_ENUM(State)

    explicit TrayNotifier(QObject *parent = nullptr);
    ~TrayNotifier() override;

    static bool available();
    bool isVisible() const;
    void setRunControl(RunControl *runs);
    void notifyRun(const PayoutRunSummary &summary);
    void notify(const QString &title, const QString &message);

    State state() const { return m_state; }
    // The tray icon's tooltip: the state in words, and the last run's title
    // while it needs attention.
    QString toolTip() const;

Q_SIGNALS:
    void stateChanged(TrayNotifier::State state);
    void showWindowRequested();
    void quitRequested();

private:
    void setState(State state, const QString &detail = {});

    QPointer<RunControl> m_runs;
    State m_state = State::Idle;
    QString m_detail; // why attention is needed
    QSystemTrayIcon *m_icon = nullptr;
    QMenu *m_menu = nullptr;
};
