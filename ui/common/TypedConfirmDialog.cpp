#include "TypedConfirmDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

TypedConfirmDialog::TypedConfirmDialog(const QString &title, const QString &text,
                                       const QString &word, const QString &confirmLabel,
                                       QWidget *parent)
    : QDialog(parent)
    , m_word(word)
{
    setObjectName(QStringLiteral("typedConfirmDialog"));
    setWindowTitle(title);
    auto *layout = new QVBoxLayout(this);
    auto *explanation = new QLabel(text, this);
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::PlainText);
    layout->addWidget(explanation);

    auto *prompt = new QLabel(tr("Type %1 to confirm:").arg(word), this);
    m_edit = new QLineEdit(this);
    m_edit->setObjectName(QStringLiteral("typedConfirmEdit"));
    m_edit->setAccessibleName(tr("Confirmation word"));
    m_edit->setAccessibleDescription(tr("Type %1 exactly to enable the confirm button").arg(word));
    // The word must be typed, not pasted from a habit of autocompletion.
    m_edit->setInputMethodHints(Qt::ImhNoPredictiveText | Qt::ImhNoAutoUppercase);
    prompt->setBuddy(m_edit);
    layout->addWidget(prompt);
    layout->addWidget(m_edit);

    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(confirmLabel, QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(QStringLiteral("typedConfirmButton"));
    m_confirm->setAccessibleName(confirmLabel);
    m_confirm->setAutoDefault(false);
    QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("typedCancelButton"));
    cancel->setAccessibleName(tr("Cancel"));
    // No default button: Enter neither confirms by habit nor cancels a
    // correctly typed word; the person clicks (or tabs to) the button.
    cancel->setAutoDefault(false);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        // The button is disabled until the word matches; this guards the
        // accept path itself (a shortcut, an accessibility action).
        if (isConfirmable())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_edit, &QLineEdit::textChanged, this, &TypedConfirmDialog::updateButton);
    updateButton();
    m_edit->setFocus();
    setMinimumWidth(460);
}

bool TypedConfirmDialog::isConfirmable() const
{
    return m_edit->text() == m_word;
}

void TypedConfirmDialog::updateButton()
{
    m_confirm->setEnabled(isConfirmable());
}
