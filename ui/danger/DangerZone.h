#pragma once

#include "account/AccountReset.h"

#include <QFutureWatcher>
#include <QWidget>

class DialogPrompter;
class Ledger;
class QFrame;
class QLabel;
class QPushButton;
class QToolButton;

// "Advanced Account Management": a section collapsed by default behind a
// toggle with an arrow, styled as a danger zone (red accents chosen for the
// palette, so they read on light and dark themes), holding Reset Account.
// Reset asks twice through the DialogPrompter (a confirmation, then the
// word RESET typed exactly); Cancel at either step changes nothing. Then
// the ledger backup is written on a worker thread (it can take seconds on a
// large ledger) and AccountReset::apply runs here, on the ledger's thread.
class DangerZone final : public QWidget
{
    Q_OBJECT
public:
    static inline const QString ConfirmWord = QStringLiteral("RESET");

    DangerZone(Ledger &ledger, DialogPrompter &prompter, QString backupDir,
               QWidget *parent = nullptr);

    void setArtist(const QString &artist);
    // Who the audit row names: "artist" in the artist's window, "admin" in
    // the admin view.
    void setActor(const QString &actor) { m_actor = actor; }
    bool isExpanded() const;
    bool isResetting() const { return m_resetting; }

public Q_SLOTS:
    void setExpanded(bool expanded);
    void requestReset();

Q_SIGNALS:
    void expandedChanged(bool expanded);
    void resetFinished(bool ok, const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void startReset();
    void onBackupWritten();
    void finishReset(bool ok, const QString &message);
    void updateStyle();
    void updateButton();

    Ledger &m_ledger;
    DialogPrompter &m_prompter;
    QString m_backupDir;
    QString m_artist;
    QString m_resetArtist; // the artist being reset, fixed when the reset starts
    QString m_actor = QStringLiteral("artist");
    bool m_resetting = false; // from the confirmed request until resetFinished
    QToolButton *m_toggle = nullptr;
    QFrame *m_content = nullptr;
    QLabel *m_explanation = nullptr;
    QPushButton *m_reset = nullptr;
    QLabel *m_status = nullptr;
    QFutureWatcher<Result<QString>> m_backup;
};
