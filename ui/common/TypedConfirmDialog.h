#pragma once

#include <QDialog>

class QLineEdit;
class QPushButton;

// The last step before an action that cannot be undone from the window: the
// confirm button stays disabled until the word is typed exactly, case and
// spaces included ("RESET", not "reset" nor " RESET"). Cancel, Escape and
// closing the dialog all reject.
class TypedConfirmDialog final : public QDialog
{
    Q_OBJECT
public:
    TypedConfirmDialog(const QString &title, const QString &text, const QString &word,
                       const QString &confirmLabel, QWidget *parent = nullptr);

    bool isConfirmable() const;

private:
    void updateButton();

    QString m_word;
    QLineEdit *m_edit = nullptr;
    QPushButton *m_confirm = nullptr;
};
