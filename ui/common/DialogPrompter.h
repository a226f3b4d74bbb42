#pragma once

#include <QString>

#include <optional>

class QWidget;

// How the window asks the person in front of it. Every widget that would
// open a modal dialog asks through a DialogPrompter instead, so a GUI test
// can answer programmatically (tests/ui/support/ScriptedPrompter.h) and
// never blocks on a dialog, as KeePassXC's MessageBox::setNextAnswer does.
class DialogPrompter
{
public:
    virtual ~DialogPrompter() = default;

    // A question with a confirm button and Cancel; true when confirmed.
    // Cancel is the default, so Enter alone never confirms.
    virtual bool confirm(QWidget *parent, const QString &title, const QString &text,
                         const QString &confirmLabel) = 0;
    // Asks for word to be typed exactly (TypedConfirmDialog); true when it
    // was and the person confirmed.
    virtual bool confirmTyped(QWidget *parent, const QString &title, const QString &text,
                              const QString &word, const QString &confirmLabel) = 0;
    virtual void inform(QWidget *parent, const QString &title, const QString &text) = 0;
    virtual void warn(QWidget *parent, const QString &title, const QString &text) = 0;
    // A line of text (a reason); nothing when the person cancelled.
    virtual std::optional<QString> askText(QWidget *parent, const QString &title,
                                           const QString &label, const QString &confirmLabel) = 0;
    // A file to write; empty when the person cancelled.
    virtual QString saveFileName(QWidget *parent, const QString &caption,
                                 const QString &suggestedPath, const QString &filter) = 0;
};

// The real dialogs: QMessageBox, TypedConfirmDialog, QInputDialog and
// QFileDialog.
class WidgetDialogPrompter final : public DialogPrompter
{
public:
    bool confirm(QWidget *parent, const QString &title, const QString &text,
                 const QString &confirmLabel) override;
    bool confirmTyped(QWidget *parent, const QString &title, const QString &text,
                      const QString &word, const QString &confirmLabel) override;
    void inform(QWidget *parent, const QString &title, const QString &text) override;
    void warn(QWidget *parent, const QString &title, const QString &text) override;
    std::optional<QString> askText(QWidget *parent, const QString &title, const QString &label,
                                   const QString &confirmLabel) override;
    QString saveFileName(QWidget *parent, const QString &caption, const QString &suggestedPath,
                         const QString &filter) override;
};
