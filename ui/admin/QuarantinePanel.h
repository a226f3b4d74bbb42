#pragma once

#include <QGroupBox>

class AdminActions;
class DialogPrompter;
class LedgerWatcher;
class QLabel;
class QPushButton;
class QTableView;
class QuarantineEventDialog;
class QuarantineModel;

// Quarantined events with the reason each was refused, each shown in full
// on request (Show Event…, or a double click), and Replay: the
// event runs through intake again (AdminActions::replayQuarantined) once its
// cause is fixed. A replay that is still refused changes nothing and says
// why. Dismiss… asks why and marks the event looked at, never to be
// replayed (the event and its body are kept).
class QuarantinePanel final : public QGroupBox
{
    Q_OBJECT
public:
    QuarantinePanel(AdminActions &actions, DialogPrompter &prompter, QuarantineModel &model,
                    QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }

public Q_SLOTS:
    void replaySelected();
    void dismissSelected();
    // The selected event in full (its body as received), in a dialog that
    // stays open beside the panel.
    void showSelected();

Q_SIGNALS:
    // A replay or a dismissal was accepted: the list is out of date until
    // re-read.
    void replayed();

private:
    void updateSelection();

    AdminActions &m_actions;
    DialogPrompter &m_prompter;
    bool m_replaying = false;
    QuarantineModel &m_model;
    QTableView *m_table = nullptr;
    QPushButton *m_replay = nullptr;
    QPushButton *m_show = nullptr;
    QPushButton *m_dismiss = nullptr;
    QuarantineEventDialog *m_dialog = nullptr;
    QLabel *m_details = nullptr;
};
