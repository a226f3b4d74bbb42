<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context>
    <name>AccountView</name>
    <message>
        <source>Payout account</source>
        <translation>Auszahlungskonto</translation>
    </message>
    <message>
        <source>No artist chosen.</source>
        <translation>Kein Künstler gewählt.</translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation>Das Hauptbuch kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>%1 has no sales in this ledger yet.</source>
        <translation>Für %1 gibt es in diesem Hauptbuch noch keine Verkäufe.</translation>
    </message>
    <message>
        <source>%1 has no payout account linked. Money owed is kept on hold and paid in the first run after an account is linked.</source>
        <translation>Mit %1 ist kein Auszahlungskonto verknüpft. Geschuldetes Geld wird zurückgehalten und im ersten Lauf nach der Verknüpfung eines Kontos ausgezahlt.</translation>
    </message>
    <message>
        <source>%1 is paid to the Stripe connected account %2.</source>
        <translation>%1 wird auf das verbundene Stripe-Konto %2 ausgezahlt.</translation>
    </message>
</context>
<context>
    <name>AdminAccess</name>
    <message>
        <source>There is no admin view: the keychain could not be read (%1), so the artist view opens instead.</source>
        <translation>Es gibt keine Verwaltungsansicht: Der Schlüsselbund konnte nicht gelesen werden (%1), daher öffnet sich die Künstleransicht.</translation>
    </message>
    <message>
        <source>There is no admin view: this computer has neither the Stripe secret key nor the admin token (in the keychain, or STRIPE_API_KEY or PAYOUTDESK_ADMIN_TOKEN), so the artist view opens instead.</source>
        <translation>Es gibt keine Verwaltungsansicht: Dieser Computer hat weder den geheimen Stripe-Schlüssel noch das Admin-Token (im Schlüsselbund oder in STRIPE_API_KEY bzw. PAYOUTDESK_ADMIN_TOKEN), daher öffnet sich die Künstleransicht.</translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <source>&amp;Find artist:</source>
        <translation>Künstler &amp;finden:</translation>
    </message>
    <message>
        <source>Find artist</source>
        <translation>Künstler suchen</translation>
    </message>
    <message>
        <source>part of an artist id</source>
        <translation>Teil einer Künstler-ID</translation>
    </message>
    <message>
        <source>Totals per artist</source>
        <translation>Summen je Künstler</translation>
    </message>
    <message numerus="yes">
        <source>%n artist(s)</source>
        <translation>
            <numerusform>%n Künstler</numerusform>
            <numerusform>%n Künstler</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation>Das Hauptbuch kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No artists yet. Artists appear here with the store&apos;s first sale for them, or when you link one to a payout account.</source>
        <translation>Noch keine Künstler. Künstler erscheinen hier mit dem ersten Verkauf des Shops für sie oder sobald Sie einen mit einem Auszahlungskonto verknüpfen.</translation>
    </message>
    <message>
        <source>No artist id contains &quot;%1&quot;. Clear the filter to see every artist.</source>
        <translation>Keine Künstler-ID enthält „%1“. Leeren Sie den Filter, um alle Künstler zu sehen.</translation>
    </message>
</context>
<context>
    <name>ArtistTotalsModel</name>
    <message>
        <source>not linked</source>
        <translation>nicht verknüpft</translation>
    </message>
    <message>
        <source>Artist</source>
        <translation>Künstler</translation>
    </message>
    <message>
        <source>Payout account</source>
        <translation>Auszahlungskonto</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Ausgezahlt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Refunded after it was paid:
being reversed: %1
taken back by a reversal: %2
clawed back from later payouts: %3
(payoutdesk reversals list names each one)</source>
        <translation>Nach der Auszahlung erstattet:
wird zurückgebucht: %1
durch Rückbuchung zurückgeholt: %2
mit späteren Auszahlungen verrechnet: %3
(payoutdesk reversals list nennt jeden Fall)</translation>
    </message>
    <message>
        <source>Refunded after payout</source>
        <translation>Nach Auszahlung erstattet</translation>
    </message>
</context>
<context>
    <name>CleanupRunner</name>
    <message>
        <source>The cleanup would change:</source>
        <translation>Die Bereinigung würde ändern:</translation>
    </message>
    <message>
        <source>The cleanup changed:</source>
        <translation>Die Bereinigung hat geändert:</translation>
    </message>
    <message>
        <source>Duplicate entries voided: %1</source>
        <translation>Doppelte Posten storniert: %1</translation>
    </message>
    <message>
        <source>Invalid entries voided: %1</source>
        <translation>Ungültige Posten storniert: %1</translation>
    </message>
    <message>
        <source>Processed event ids archived: %1</source>
        <translation>Archivierte Ereignis-IDs: %1</translation>
    </message>
    <message>
        <source>Quarantined events archived: %1</source>
        <translation>Archivierte Ereignisse aus der Quarantäne: %1</translation>
    </message>
    <message>
        <source>  entry %1 (%2): %3 → %4, %5</source>
        <translation>  Posten %1 (%2): %3 → %4, %5</translation>
    </message>
    <message>
        <source>The cleanup found nothing to change.</source>
        <translation>Die Bereinigung hat nichts zu ändern gefunden.</translation>
    </message>
    <message>
        <source>The cleanup changed nothing.</source>
        <translation>Die Bereinigung hat nichts geändert.</translation>
    </message>
    <message numerus="yes">
        <source>Attention: %n duplicate entries were already paid; reverse those transfers by hand.</source>
        <translation>
            <numerusform>Achtung: %n doppelter Posten wurde bereits ausgezahlt; diese Überweisung bitte von Hand zurückbuchen.</numerusform>
            <numerusform>Achtung: %n doppelte Posten wurden bereits ausgezahlt; diese Überweisungen bitte von Hand zurückbuchen.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries have been in processing for over an hour; the next payout run resends or reconciles them (cleanup never voids them).</source>
        <translation>
            <numerusform>%n Posten ist seit über einer Stunde in Bearbeitung; der nächste Auszahlungslauf sendet ihn erneut oder gleicht ihn ab (die Bereinigung storniert ihn nie).</numerusform>
            <numerusform>%n Posten sind seit über einer Stunde in Bearbeitung; der nächste Auszahlungslauf sendet sie erneut oder gleicht sie ab (die Bereinigung storniert sie nie).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  … and %n more</source>
        <translation>
            <numerusform>  … und %n weiterer</numerusform>
            <numerusform>  … und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to My Store</source>
        <translation>Mit meinem Shop verbinden</translation>
    </message>
    <message>
        <source>Your store gave you its address and a personal token. With them, this window shows your payouts live from the store.</source>
        <translation>Ihr Shop hat Ihnen seine Adresse und einen persönlichen Token gegeben. Damit zeigt dieses Fenster Ihre Auszahlungen live aus dem Shop.</translation>
    </message>
    <message>
        <source>Store &amp;address:</source>
        <translation>Shop-&amp;Adresse:</translation>
    </message>
    <message>
        <source>Personal &amp;token:</source>
        <translation>Persönlicher &amp;Token:</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>Trust the store&apos;s certificate with the SHA-256 fingerprint %1</source>
        <translation>Dem Zertifikat des Shops mit dem SHA-256-Fingerabdruck %1 vertrauen</translation>
    </message>
    <message>
        <source>The store refused your token; enter the new one the store gave you.</source>
        <translation>Der Shop hat Ihren Token abgelehnt; geben Sie den neuen ein, den Ihnen der Shop gegeben hat.</translation>
    </message>
    <message>
        <source>Enter the personal token the store gave you.</source>
        <translation>Geben Sie den persönlichen Token ein, den Ihnen der Shop gegeben hat.</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message>
        <source>Trust the store&apos;s certificate with the SHA-256 fingerprint %1 (compare it with the one the store gave you)</source>
        <translation>Dem Zertifikat des Shops mit dem SHA-256-Fingerabdruck %1 vertrauen (vergleichen Sie ihn mit dem, den Ihnen der Shop gegeben hat)</translation>
    </message>
    <message>
        <source>The token could not be kept in the keychain, so nothing was saved: %1</source>
        <translation>Der Token konnte nicht im Schlüsselbund abgelegt werden, daher wurde nichts gespeichert: %1</translation>
    </message>
</context>
<context>
    <name>DangerZone</name>
    <message>
        <source>&amp;Advanced Account Management</source>
        <translation>&amp;Erweiterte Kontoverwaltung</translation>
    </message>
    <message>
        <source>Advanced Account Management</source>
        <translation>Erweiterte Kontoverwaltung</translation>
    </message>
    <message>
        <source>Shows or hides the danger zone with Reset Account</source>
        <translation>Zeigt oder verbirgt den Gefahrenbereich mit „Konto zurücksetzen“</translation>
    </message>
    <message>
        <source>Danger zone</source>
        <translation>Gefahrenbereich</translation>
    </message>
    <message>
        <source>&amp;Reset Account…</source>
        <translation>Konto &amp;zurücksetzen…</translation>
    </message>
    <message>
        <source>Reset Account</source>
        <translation>Konto zurücksetzen</translation>
    </message>
    <message>
        <source>Choose an artist first.</source>
        <translation>Bitte zuerst einen Künstler wählen.</translation>
    </message>
    <message>
        <source>Reset Account unlinks the Stripe account of %1, so the account can be set up again. No money is deleted: everything still pending is put on hold until a payout account is linked again, and payments already on their way are finished. A backup of the ledger is written first.</source>
        <translation>„Konto zurücksetzen“ trennt das Stripe-Konto von %1, damit das Konto neu eingerichtet werden kann. Es wird kein Geld gelöscht: Alles noch Ausstehende wird zurückgehalten, bis wieder ein Auszahlungskonto verknüpft ist, und bereits laufende Zahlungen werden abgeschlossen. Vorher wird eine Sicherung des Hauptbuchs geschrieben.</translation>
    </message>
    <message>
        <source>(none linked)</source>
        <translation>(keines verknüpft)</translation>
    </message>
    <message>
        <source>Reset the payout account of %1?

The Stripe connected account %2 will be unlinked. Money that is still pending is put on hold until an account is linked again; nothing is deleted.</source>
        <translation>Das Auszahlungskonto von %1 zurücksetzen?

Das verbundene Stripe-Konto %2 wird getrennt. Noch ausstehendes Geld wird zurückgehalten, bis wieder ein Konto verknüpft ist; nichts wird gelöscht.</translation>
    </message>
    <message>
        <source>&amp;Continue…</source>
        <translation>&amp;Weiter…</translation>
    </message>
    <message>
        <source>This unlinks the account of %1 now. To undo it, a payout account has to be linked again.</source>
        <translation>Damit wird das Konto von %1 jetzt getrennt. Rückgängig machen lässt sich das nur, indem wieder ein Auszahlungskonto verknüpft wird.</translation>
    </message>
    <message>
        <source>&amp;Reset Account</source>
        <translation>Konto &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>Writing a backup of the ledger…</source>
        <translation>Sicherung des Hauptbuchs wird geschrieben…</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>Nichts wurde geändert: %1</translation>
    </message>
    <message numerus="yes">
        <source>The account of %1 was reset. %n pending entries are on hold until a payout account is linked again; nothing was deleted.</source>
        <translation>
            <numerusform>Das Konto von %1 wurde zurückgesetzt. %n ausstehender Posten wird zurückgehalten, bis wieder ein Auszahlungskonto verknüpft ist; nichts wurde gelöscht.</numerusform>
            <numerusform>Das Konto von %1 wurde zurückgesetzt. %n ausstehende Posten werden zurückgehalten, bis wieder ein Auszahlungskonto verknüpft ist; nichts wurde gelöscht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries were already on their way and stay in processing.</source>
        <translation>
            <numerusform>%n Posten war bereits unterwegs und bleibt in Bearbeitung.</numerusform>
            <numerusform>%n Posten waren bereits unterwegs und bleiben in Bearbeitung.</numerusform>
        </translation>
    </message>
    <message>
        <source>Backup: %1</source>
        <translation>Sicherung: %1</translation>
    </message>
</context>
<context>
    <name>EntryStatus</name>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Processing</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Neuer Versuch</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>Ausgezahlt</translation>
    </message>
    <message>
        <source>Void</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>no payout account</source>
        <translation>kein Auszahlungskonto</translation>
    </message>
    <message>
        <source>account reset: link a payout account to release it</source>
        <translation>Konto zurückgesetzt: zur Freigabe ein Auszahlungskonto verknüpfen</translation>
    </message>
    <message>
        <source>refunded</source>
        <translation>erstattet</translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation>Duplikat</translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation>kein Grund vermerkt</translation>
    </message>
    <message>
        <source>Cart Sale</source>
        <translation>Warenkorbverkauf</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>Provision</translation>
    </message>
    <message>
        <source>Pending: paid in the next payout run</source>
        <translation>Ausstehend: wird im nächsten Auszahlungslauf ausgezahlt</translation>
    </message>
    <message>
        <source>Processing: a transfer is on its way to Stripe</source>
        <translation>In Bearbeitung: eine Überweisung ist auf dem Weg zu Stripe</translation>
    </message>
    <message>
        <source>Next attempt: %1</source>
        <translation>Nächster Versuch: %1</translation>
    </message>
    <message>
        <source>Next attempt: in the next payout run</source>
        <translation>Nächster Versuch: im nächsten Auszahlungslauf</translation>
    </message>
    <message>
        <source>Retrying after an error (attempt %1): %2
%3</source>
        <translation>Neuer Versuch nach einem Fehler (Versuch %1): %2
%3</translation>
    </message>
    <message>
        <source>no error text recorded</source>
        <translation>kein Fehlertext vermerkt</translation>
    </message>
    <message>
        <source>On hold: %1</source>
        <translation>Zurückgehalten: %1</translation>
    </message>
    <message>
        <source>Paid by transfer %1</source>
        <translation>Ausgezahlt mit Überweisung %1</translation>
    </message>
    <message>
        <source>Void: %1</source>
        <translation>Storniert: %1</translation>
    </message>
    <message>
        <source>waiting for the store&apos;s balance</source>
        <translation>wartet auf das Guthaben des Shops</translation>
    </message>
    <message>
        <source>payout account not ready</source>
        <translation>Auszahlungskonto nicht bereit</translation>
    </message>
    <message>
        <source>payout account not found</source>
        <translation>Auszahlungskonto nicht gefunden</translation>
    </message>
    <message>
        <source>Pending: %1</source>
        <translation>Ausstehend: %1</translation>
    </message>
    <message>
        <source>paid once the store links your payout account</source>
        <translation>wird ausgezahlt, sobald der Shop Ihr Auszahlungskonto verknüpft</translation>
    </message>
    <message>
        <source>paid once your Stripe account can receive transfers</source>
        <translation>wird ausgezahlt, sobald Ihr Stripe-Konto Überweisungen empfangen kann</translation>
    </message>
    <message>
        <source>the store must link your payout account again</source>
        <translation>der Shop muss Ihr Auszahlungskonto neu verknüpfen</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Waiting for balance</source>
        <translation>Wartet auf Guthaben</translation>
    </message>
    <message>
        <source>Below minimum</source>
        <translation>Unter Mindestbetrag</translation>
    </message>
    <message>
        <source>Clawback</source>
        <translation>Rückforderung</translation>
    </message>
    <message>
        <source>Reversing</source>
        <translation>Wird storniert</translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation>Storniert</translation>
    </message>
    <message>
        <source>below the minimum payout of %1</source>
        <translation>unter der Mindestauszahlung von %1</translation>
    </message>
    <message>
        <source>Waiting for balance: the store&apos;s Stripe balance cannot cover this payout yet. It is tried again in every payout run.</source>
        <translation>Wartet auf Guthaben: Das Stripe-Guthaben des Shops deckt diese Auszahlung noch nicht. Sie wird in jedem Auszahlungslauf erneut versucht.</translation>
    </message>
    <message>
        <source>Below minimum: %1</source>
        <translation>Unter Mindestbetrag: %1</translation>
    </message>
    <message>
        <source>Clawback: a sale was refunded after it was paid to you; this amount is taken from your next payouts</source>
        <translation>Rückforderung: Ein Verkauf wurde erstattet, nachdem er an Sie ausgezahlt war; dieser Betrag wird mit Ihren nächsten Auszahlungen verrechnet</translation>
    </message>
    <message>
        <source>Reversing: a sale was refunded after it was paid; the transfer is being reversed</source>
        <translation>Wird storniert: Ein Verkauf wurde nach der Auszahlung erstattet; die Überweisung wird storniert</translation>
    </message>
    <message>
        <source>Reversed: the transfer for a refunded sale was reversed</source>
        <translation>Storniert: Die Überweisung für einen erstatteten Verkauf wurde storniert</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>in the next payout run, at %1</source>
        <translation>im nächsten Auszahlungslauf um %1</translation>
    </message>
    <message>
        <source>in the next payout run (none is scheduled yet: the store&apos;s payout service is not running)</source>
        <translation>im nächsten Auszahlungslauf (noch keiner geplant: der Auszahlungsdienst des Shops läuft nicht)</translation>
    </message>
    <message>
        <source>Paid %1.</source>
        <translation>Wird %1 ausgezahlt.</translation>
    </message>
    <message>
        <source>The store&apos;s balance is too low right now; tried again %1. Nothing for you to do.</source>
        <translation>Das Guthaben des Shops reicht gerade nicht; neuer Versuch %1. Sie müssen nichts tun.</translation>
    </message>
    <message>
        <source>Your total is below the store&apos;s minimum payout of %1; paid once it reaches it.</source>
        <translation>Ihre Summe liegt unter der Mindestauszahlung des Shops von %1; ausgezahlt, sobald sie erreicht ist.</translation>
    </message>
    <message>
        <source>On its way: Stripe is confirming the transfer.</source>
        <translation>Unterwegs: Stripe bestätigt die Überweisung.</translation>
    </message>
    <message>
        <source>Stripe answered with an error; tried again at %1 (attempt %2).</source>
        <translation>Stripe hat mit einem Fehler geantwortet; neuer Versuch um %1 (Versuch %2).</translation>
    </message>
    <message>
        <source>Stripe answered with an error; tried again %1.</source>
        <translation>Stripe hat mit einem Fehler geantwortet; neuer Versuch %1.</translation>
    </message>
    <message>
        <source>On hold (%1): %2.</source>
        <translation>Zurückgehalten (%1): %2.</translation>
    </message>
    <message>
        <source>On hold: paid once a payout account is linked again.</source>
        <translation>Zurückgehalten: wird ausgezahlt, sobald wieder ein Auszahlungskonto verknüpft ist.</translation>
    </message>
    <message>
        <source>On hold (%1): the store must release it.</source>
        <translation>Zurückgehalten (%1): Der Shop muss es freigeben.</translation>
    </message>
    <message>
        <source>Owed back for a refund: taken from your next payouts.</source>
        <translation>Wegen einer Erstattung zurückzuzahlen: wird mit Ihren nächsten Auszahlungen verrechnet.</translation>
    </message>
    <message>
        <source>A refund is taking this money back.</source>
        <translation>Eine Erstattung holt dieses Geld zurück.</translation>
    </message>
    <message>
        <source>Taken back for a refund.</source>
        <translation>Für eine Erstattung zurückgeholt.</translation>
    </message>
    <message>
        <source>Paid.</source>
        <translation>Ausgezahlt.</translation>
    </message>
    <message>
        <source>Not paid: %1.</source>
        <translation>Nicht ausgezahlt: %1.</translation>
    </message>
    <message>
        <source>refunded after it was paid: taken back in the next payout run</source>
        <translation>nach der Auszahlung erstattet: wird im nächsten Auszahlungslauf zurückgeholt</translation>
    </message>
    <message>
        <source>kept against money you owe back from a refund: %1 still to recover</source>
        <translation>einbehalten für Geld, das Sie wegen einer Erstattung zurückschulden: noch %1 offen</translation>
    </message>
    <message>
        <source>Clawback: a refund of money already paid to you, recovered from transfer %1</source>
        <translation>Rückforderung: eine Erstattung von bereits an Sie ausgezahltem Geld, verrechnet mit Überweisung %1</translation>
    </message>
    <message>
        <source>Clawback: this sale was refunded after it was paid to you, and Stripe could not take it back from your balance; it is taken from your next payouts</source>
        <translation>Rückforderung: Dieser Verkauf wurde erstattet, nachdem er an Sie ausgezahlt war, und Stripe konnte ihn nicht von Ihrem Guthaben zurückholen; er wird mit Ihren nächsten Auszahlungen verrechnet</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>(no transfer id)</source>
        <translation>(keine Überweisungs-ID)</translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n Posten</numerusform>
            <numerusform>%n Posten</numerusform>
        </translation>
    </message>
    <message>
        <source>Stripe transfer %1, paid %2</source>
        <translation>Stripe-Überweisung %1, ausgezahlt am %2</translation>
    </message>
    <message>
        <source>Sale %1 of %2</source>
        <translation>Verkauf %1 vom %2</translation>
    </message>
    <message>
        <source>Transfer / reference</source>
        <translation>Überweisung / Referenz</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Payouts by transfer</source>
        <translation>Auszahlungen nach Überweisung</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>Als CSV &amp;exportieren…</translation>
    </message>
    <message>
        <source>Export history as CSV</source>
        <translation>Verlauf als CSV exportieren</translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation>Das Hauptbuch kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No artist chosen.</source>
        <translation>Kein Künstler gewählt.</translation>
    </message>
    <message>
        <source>Nothing has been paid to %1 yet.</source>
        <translation>An %1 wurde noch nichts ausgezahlt.</translation>
    </message>
    <message numerus="yes">
        <source>Paid to %1 in total: %2, in %n transfer(s).</source>
        <translation>
            <numerusform>An %1 insgesamt ausgezahlt: %2, in %n Überweisung.</numerusform>
            <numerusform>An %1 insgesamt ausgezahlt: %2, in %n Überweisungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>Verlauf exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>No artist chosen: choose your artist id in Settings (File › Settings).</source>
        <translation>Kein Künstler gewählt: Wählen Sie Ihre Künstler-ID in den Einstellungen (Datei › Einstellungen).</translation>
    </message>
    <message>
        <source>No payouts yet. Each payout run&apos;s transfer appears here with the sales it paid; see Scheduled Payouts for what is due next.</source>
        <translation>Noch keine Auszahlungen. Jede Überweisung eines Auszahlungslaufs erscheint hier mit den Verkäufen, die sie bezahlt hat; was als Nächstes fällig ist, steht unter Geplante Auszahlungen.</translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n payment(s) are shown.</source>
        <translation>
            <numerusform>Nur die erste Zahlung wird angezeigt.</numerusform>
            <numerusform>Nur die ersten %n Zahlungen werden angezeigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Statement…</source>
        <translation>&amp;Kontoauszug…</translation>
    </message>
    <message>
        <source>Save a statement</source>
        <translation>Einen Kontoauszug speichern</translation>
    </message>
    <message>
        <source>A statement for a month or a range of days, as PDF or CSV: opening balance, earned per track, reversed, paid per transfer, closing balance.</source>
        <translation>Ein Kontoauszug für einen Monat oder einen Zeitraum, als PDF oder CSV: Anfangssaldo, Einnahmen je Titel, Rückbuchungen, Auszahlungen je Überweisung, Endsaldo.</translation>
    </message>
    <message>
        <source>Save statement</source>
        <translation>Kontoauszug speichern</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
</context>
<context>
    <name>LinkArtistForm</name>
    <message>
        <source>Artist id</source>
        <translation>Künstler-ID</translation>
    </message>
    <message>
        <source>Connected account id</source>
        <translation>ID des verbundenen Kontos</translation>
    </message>
    <message>
        <source>acct_…</source>
        <translation>acct_…</translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation>Verknü&amp;pfen</translation>
    </message>
    <message>
        <source>Link artist to account</source>
        <translation>Künstler mit Konto verknüpfen</translation>
    </message>
    <message>
        <source>&amp;Artist:</source>
        <translation>Künstler-&amp;ID:</translation>
    </message>
    <message>
        <source>Acc&amp;ount:</source>
        <translation>K&amp;onto:</translation>
    </message>
    <message>
        <source>Link payout account</source>
        <translation>Auszahlungskonto verknüpfen</translation>
    </message>
    <message>
        <source>Link %1 to the connected account %2?

Money held for lack of an account is released and paid to this account in the next payout run.</source>
        <translation>%1 mit dem verbundenen Konto %2 verknüpfen?

Geld, das mangels Konto zurückgehalten wurde, wird freigegeben und im nächsten Auszahlungslauf auf dieses Konto ausgezahlt.</translation>
    </message>
    <message>
        <source>Not linked: %1</source>
        <translation>Nicht verknüpft: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 is linked to %2; %n held entries released to be paid.</source>
        <translation>
            <numerusform>%1 ist mit %2 verknüpft; %n zurückgehaltener Posten zur Auszahlung freigegeben.</numerusform>
            <numerusform>%1 ist mit %2 verknüpft; %n zurückgehaltene Posten zur Auszahlung freigegeben.</numerusform>
        </translation>
    </message>
    <message>
        <source>artist id, e.g. art_42</source>
        <translation>Künstler-ID, z. B. art_42</translation>
    </message>
    <message>
        <source>Linking %1…</source>
        <translation>%1 wird verknüpft…</translation>
    </message>
    <message>
        <source>Payout account and held money</source>
        <translation>Auszahlungskonto und zurückgehaltenes Geld</translation>
    </message>
    <message>
        <source>&amp;Release held money…</source>
        <translation>Zurückgehaltenes Geld &amp;freigeben…</translation>
    </message>
    <message>
        <source>Release the artist&apos;s held money</source>
        <translation>Das zurückgehaltene Geld des Künstlers freigeben</translation>
    </message>
    <message>
        <source>Moves the artist&apos;s money on hold back to be paid in the next payout run. Money held for lack of a payout account waits for a link instead.</source>
        <translation>Gibt das zurückgehaltene Geld des Künstlers für den nächsten Auszahlungslauf frei. Geld, das mangels Auszahlungskonto zurückgehalten wird, wartet stattdessen auf eine Verknüpfung.</translation>
    </message>
    <message>
        <source>Release held money</source>
        <translation>Zurückgehaltenes Geld freigeben</translation>
    </message>
    <message>
        <source>Release the money held for %1?

It is paid to their payout account in the next payout run. Release it only once the cause of the hold is fixed; the audit trail records who released it.</source>
        <translation>Das für %1 zurückgehaltene Geld freigeben?

Es wird im nächsten Auszahlungslauf auf das Auszahlungskonto überwiesen. Geben Sie es erst frei, wenn die Ursache behoben ist; das Prüfprotokoll hält fest, wer es freigegeben hat.</translation>
    </message>
    <message>
        <source>&amp;Release</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Releasing the money held for %1…</source>
        <translation>Das für %1 zurückgehaltene Geld wird freigegeben…</translation>
    </message>
    <message>
        <source>Nothing released: %1</source>
        <translation>Nichts freigegeben: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n held entries of %1 released to be paid.</source>
        <translation>
            <numerusform>%n zurückgehaltener Eintrag von %1 zur Auszahlung freigegeben.</numerusform>
            <numerusform>%n zurückgehaltene Einträge von %1 zur Auszahlung freigegeben.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Showing artist:</source>
        <translation>Angezeigter Künstler:</translation>
    </message>
    <message>
        <source>Artist to show</source>
        <translation>Anzuzeigender Künstler</translation>
    </message>
    <message>
        <source>&amp;Scheduled Payouts</source>
        <translation>&amp;Geplante Auszahlungen</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>Ver&amp;lauf</translation>
    </message>
    <message>
        <source>A&amp;ccount</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <source>Ledger: %1</source>
        <translation>Hauptbuch: %1</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Aktualisiert %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Export History…</source>
        <translation>Verlauf &amp;exportieren…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ak&amp;tualisieren</translation>
    </message>
    <message>
        <source>&amp;Admin View</source>
        <translation>&amp;Verwaltungsansicht</translation>
    </message>
    <message>
        <source>Every artist&apos;s totals, payout runs and quarantined events</source>
        <translation>Summen aller Künstler, Auszahlungsläufe und Ereignisse in Quarantäne</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Payout Desk</source>
        <translation>&amp;Über Payout Desk</translation>
    </message>
    <message>
        <source>About Payout Desk</source>
        <translation>Über Payout Desk</translation>
    </message>
    <message>
        <source>Payout Desk %1
What the store owes its artists, and when it is paid through Stripe Connect.</source>
        <translation>Payout Desk %1
Was der Shop seinen Künstlern schuldet und wann es über Stripe Connect ausgezahlt wird.</translation>
    </message>
    <message>
        <source>A&amp;dmin</source>
        <translation>&amp;Verwaltung</translation>
    </message>
    <message>
        <source>Payout Desk</source>
        <translation>Payout Desk</translation>
    </message>
    <message>
        <source>none chosen (see Settings)</source>
        <translation>keiner gewählt (siehe Einstellungen)</translation>
    </message>
    <message>
        <source>Payout Desk is still running</source>
        <translation>Payout Desk läuft weiter</translation>
    </message>
    <message>
        <source>Payouts keep running on schedule. Quit from the tray icon&apos;s menu.</source>
        <translation>Auszahlungen laufen weiter nach Plan. Beenden über das Menü des Symbols im Infobereich.</translation>
    </message>
    <message>
        <source>The payout engine did not start: %1</source>
        <translation>Die Auszahlungs-Engine ist nicht gestartet: %1</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Verwaltung</translation>
    </message>
    <message>
        <source>Your store resets payout accounts: ask the store if yours needs a reset.</source>
        <translation>Auszahlungskonten setzt Ihr Shop zurück: Fragen Sie den Shop, wenn Ihres zurückgesetzt werden muss.</translation>
    </message>
    <message>
        <source>Use a &amp;Local Ledger Instead</source>
        <translation>Stattdessen ein &amp;lokales Hauptbuch verwenden</translation>
    </message>
    <message>
        <source>Co&amp;nnect to My Store…</source>
        <translation>Mit meinem Shop &amp;verbinden…</translation>
    </message>
    <message>
        <source>This desktop has no tray: closing Payout Desk stops the payout schedule until it is opened again.</source>
        <translation>Dieser Desktop hat keinen Infobereich: Wenn Sie Payout Desk schließen, ruht der Auszahlungsplan, bis es wieder geöffnet wird.</translation>
    </message>
</context>
<context>
    <name>NextPayoutCard</name>
    <message>
        <source>Next payout</source>
        <translation>Nächste Auszahlung</translation>
    </message>
    <message>
        <source>Mode: automatic</source>
        <translation>Modus: automatisch</translation>
    </message>
    <message>
        <source>Development mode</source>
        <translation>Entwicklungsmodus</translation>
    </message>
    <message>
        <source>Production mode</source>
        <translation>Produktionsmodus</translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation>Nicht geplant</translation>
    </message>
    <message>
        <source>The store&apos;s payout engine is stopped.</source>
        <translation>Der Auszahlungsdienst des Shops ist angehalten.</translation>
    </message>
    <message>
        <source>The store&apos;s payout engine stopped answering.</source>
        <translation>Der Auszahlungsdienst des Shops antwortet nicht mehr.</translation>
    </message>
    <message>
        <source>No payout engine has announced a run yet.</source>
        <translation>Noch kein Auszahlungsdienst hat einen Lauf angekündigt.</translation>
    </message>
    <message>
        <source>overdue: waiting for the payout engine</source>
        <translation>überfällig: wartet auf den Auszahlungsdienst</translation>
    </message>
</context>
<context>
    <name>PayoutControls</name>
    <message>
        <source>Payout runs</source>
        <translation>Auszahlungsläufe</translation>
    </message>
    <message>
        <source>Pay Out &amp;Now</source>
        <translation>&amp;Jetzt auszahlen</translation>
    </message>
    <message>
        <source>Pay out now</source>
        <translation>Jetzt auszahlen</translation>
    </message>
    <message>
        <source>C&amp;leanup…</source>
        <translation>&amp;Bereinigen…</translation>
    </message>
    <message>
        <source>Cleanup</source>
        <translation>Bereinigung</translation>
    </message>
    <message>
        <source>Payout run progress</source>
        <translation>Fortschritt des Auszahlungslaufs</translation>
    </message>
    <message>
        <source>A run is in progress (%1)…</source>
        <translation>Ein Lauf ist im Gange (%1)…</translation>
    </message>
    <message>
        <source>Starting a payout run…</source>
        <translation>Auszahlungslauf wird gestartet…</translation>
    </message>
    <message>
        <source>A run is in progress…</source>
        <translation>Ein Lauf ist im Gange…</translation>
    </message>
    <message>
        <source>No payout engine runs in this window, so a run cannot be started from here.</source>
        <translation>In diesem Fenster läuft keine Auszahlungs-Engine, daher kann hier kein Lauf gestartet werden.</translation>
    </message>
    <message>
        <source>A payout run is in progress; wait for it to finish.</source>
        <translation>Ein Auszahlungslauf ist im Gange; bitte warten, bis er fertig ist.</translation>
    </message>
    <message>
        <source>Start a payout run now: pay everything that is due.</source>
        <translation>Jetzt einen Auszahlungslauf starten: alles Fällige auszahlen.</translation>
    </message>
    <message>
        <source>Previewing the cleanup (dry run)…</source>
        <translation>Vorschau der Bereinigung (Probelauf)…</translation>
    </message>
    <message>
        <source>The cleanup could not run: %1</source>
        <translation>Die Bereinigung konnte nicht laufen: %1</translation>
    </message>
    <message>
        <source>Apply these changes? Entries are voided with their reason, never deleted, and every change is in the audit log.</source>
        <translation>Diese Änderungen anwenden? Posten werden mit Grund storniert, nie gelöscht, und jede Änderung steht im Prüfprotokoll.</translation>
    </message>
    <message>
        <source>&amp;Apply Cleanup</source>
        <translation>Bereinigung &amp;anwenden</translation>
    </message>
    <message>
        <source>Cleanup cancelled: nothing was changed.</source>
        <translation>Bereinigung abgebrochen: nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Cleaning up…</source>
        <translation>Wird bereinigt…</translation>
    </message>
    <message>
        <source>Payout runs happen in the store&apos;s payout service; this window follows them through the ledger.</source>
        <translation>Auszahlungsläufe finden im Auszahlungsdienst des Shops statt; dieses Fenster verfolgt sie über das Hauptbuch.</translation>
    </message>
    <message>
        <source>Cleanup is not available in this window.</source>
        <translation>Die Bereinigung ist in diesem Fenster nicht verfügbar.</translation>
    </message>
    <message>
        <source>A cleanup is in progress.</source>
        <translation>Eine Bereinigung ist im Gange.</translation>
    </message>
    <message>
        <source>Void duplicates and invalid entries and archive stale data, after a preview of what a dry run finds.</source>
        <translation>Doppelte und ungültige Posten stornieren und veraltete Daten archivieren, nach einer Vorschau dessen, was ein Probelauf findet.</translation>
    </message>
    <message numerus="yes">
        <source>%v of %n transfer(s)</source>
        <translation>
            <numerusform>%v von %n Überweisung</numerusform>
            <numerusform>%v von %n Überweisungen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PayoutNotices</name>
    <message>
        <source>Payout sent</source>
        <translation>Auszahlung gesendet</translation>
    </message>
    <message>
        <source>%1 was sent to your Stripe account.</source>
        <translation>%1 wurde an Ihr Stripe-Konto gesendet.</translation>
    </message>
    <message>
        <source>A payout is on hold</source>
        <translation>Eine Auszahlung ist zurückgehalten</translation>
    </message>
    <message>
        <source>%1 of your money is on hold. Scheduled Payouts says why and what releases it.</source>
        <translation>%1 Ihres Geldes ist zurückgehalten. Unter „Geplante Auszahlungen“ steht, warum und was es freigibt.</translation>
    </message>
</context>
<context>
    <name>ProcessingInfoWidget</name>
    <message>
        <source>Processing info</source>
        <translation>Verarbeitung</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>Modus:</translation>
    </message>
    <message>
        <source>Next run:</source>
        <translation>Nächster Lauf:</translation>
    </message>
    <message>
        <source>due now</source>
        <translation>jetzt fällig</translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation>in %1 s</translation>
    </message>
    <message>
        <source>in %1 min %2 s</source>
        <translation>in %1 min %2 s</translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation>in %1 h %2 min</translation>
    </message>
    <message>
        <source>not scheduled: no payout engine has announced a run (is the store&apos;s payout service running?)</source>
        <translation>nicht geplant: keine Auszahlungs-Engine hat einen Lauf angekündigt (läuft der Auszahlungsdienst des Shops?)</translation>
    </message>
    <message>
        <source>%1, overdue: waiting for the payout engine</source>
        <translation>%1, überfällig: Warten auf die Auszahlungs-Engine</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>every hour</source>
        <translation>stündlich</translation>
    </message>
    <message numerus="yes">
        <source>every %n minute(s)</source>
        <translation>
            <numerusform>jede Minute</numerusform>
            <numerusform>alle %n Minuten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Development: a payout runs %n second(s) after a cart purchase (a burst of purchases gives one run), and a regular run %1 pays whatever is still due. Meant for Stripe test keys: a live key never runs in development mode.</source>
        <translation>
            <numerusform>Entwicklung: %n Sekunde nach einem Warenkorbkauf läuft eine Auszahlung (viele Käufe kurz hintereinander ergeben einen Lauf), und ein regelmäßiger Lauf %1 zahlt aus, was noch fällig ist. Gedacht für Stripe-Testschlüssel: Mit einem Live-Schlüssel läuft der Entwicklungsmodus nie.</numerusform>
            <numerusform>Entwicklung: %n Sekunden nach einem Warenkorbkauf läuft eine Auszahlung (viele Käufe kurz hintereinander ergeben einen Lauf), und ein regelmäßiger Lauf %1 zahlt aus, was noch fällig ist. Gedacht für Stripe-Testschlüssel: Mit einem Live-Schlüssel läuft der Entwicklungsmodus nie.</numerusform>
        </translation>
    </message>
    <message>
        <source>Production: payouts run %1 and the ledger is cleaned up once a day. A purchase does not start a payout of its own; it is paid in the next regular run.</source>
        <translation>Produktion: Auszahlungen laufen %1, und das Hauptbuch wird einmal täglich bereinigt. Ein Kauf startet keine eigene Auszahlung; er wird im nächsten regelmäßigen Lauf ausgezahlt.</translation>
    </message>
    <message>
        <source>Automatic (development with a Stripe test key, production with a live key)</source>
        <translation>Automatisch (Entwicklung mit Stripe-Testschlüssel, Produktion mit Live-Schlüssel)</translation>
    </message>
    <message>
        <source>Development</source>
        <translation>Entwicklung</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <source>not scheduled: the store&apos;s payout engine is stopped</source>
        <translation>nicht geplant: Der Auszahlungsdienst des Shops ist angehalten</translation>
    </message>
    <message>
        <source>not scheduled: the store&apos;s payout engine stopped answering</source>
        <translation>nicht geplant: Der Auszahlungsdienst des Shops antwortet nicht mehr</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Demo: simulated Stripe, nothing is real. Purchases arrive every few seconds; the first payout lands about 30 seconds after the first one. Switch to View › Admin View to see every artist.</source>
        <translation>Demo: simuliertes Stripe, nichts ist echt. Alle paar Sekunden kommen Käufe an; die erste Auszahlung folgt etwa 30 Sekunden nach dem ersten. Unter Ansicht › Verwaltungsansicht sehen Sie alle Künstler.</translation>
    </message>
    <message>
        <source>Payout Desk is already open for this store; its window was brought to the front.</source>
        <translation>Payout Desk ist für diesen Shop bereits geöffnet; sein Fenster wurde in den Vordergrund geholt.</translation>
    </message>
    <message>
        <source>The demo could not be started.</source>
        <translation>Die Demo konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <source>Connect to My Store</source>
        <translation>Mit meinem Shop verbinden</translation>
    </message>
    <message>
        <source>%1 The local ledger opens instead.</source>
        <translation>%1 Stattdessen öffnet sich das lokale Hauptbuch.</translation>
    </message>
</context>
<context>
    <name>QuarantineEventDialog</name>
    <message>
        <source>Quarantined event</source>
        <translation>Ereignis in Quarantäne</translation>
    </message>
    <message>
        <source>Event body</source>
        <translation>Inhalt des Ereignisses</translation>
    </message>
    <message>
        <source>(no id)</source>
        <translation>(keine ID)</translation>
    </message>
    <message>
        <source>%1, %2, came by %3 on %4.
Refused: %5</source>
        <translation>%1, %2, Eingang über %3 am %4.
Abgelehnt: %5</translation>
    </message>
    <message>
        <source>(no type)</source>
        <translation>(kein Typ)</translation>
    </message>
</context>
<context>
    <name>QuarantineModel</name>
    <message>
        <source>(no id)</source>
        <translation>(keine ID)</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Came by</source>
        <translation>Eingang über</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>Grund der Ablehnung</translation>
    </message>
</context>
<context>
    <name>QuarantinePanel</name>
    <message>
        <source>Quarantined events</source>
        <translation>Ereignisse in Quarantäne</translation>
    </message>
    <message>
        <source>Re&amp;play</source>
        <translation>Erneut ein&amp;spielen</translation>
    </message>
    <message>
        <source>Replay the selected event</source>
        <translation>Gewähltes Ereignis erneut einspielen</translation>
    </message>
    <message>
        <source>Run the selected event through intake again, after its cause was fixed</source>
        <translation>Das gewählte Ereignis erneut verarbeiten, nachdem die Ursache behoben wurde</translation>
    </message>
    <message>
        <source>No events are in quarantine.</source>
        <translation>Keine Ereignisse in Quarantäne.</translation>
    </message>
    <message>
        <source>%1 is still refused: %2</source>
        <translation>%1 wird weiterhin abgelehnt: %2</translation>
    </message>
    <message>
        <source>%1 replayed: %2</source>
        <translation>%1 erneut eingespielt: %2</translation>
    </message>
    <message>
        <source>%1 (%2, came by %3) was refused: %4</source>
        <translation>%1 (%2, Eingang über %3) wurde abgelehnt: %4</translation>
    </message>
    <message>
        <source>No quarantined events: every event the store sent was valid. An event that cannot be applied waits here with its reason.</source>
        <translation>Keine Ereignisse in Quarantäne: Jedes Ereignis des Shops war gültig. Ein Ereignis, das nicht angewendet werden kann, wartet hier mit seinem Grund.</translation>
    </message>
    <message>
        <source>Show the selected event in full</source>
        <translation>Das gewählte Ereignis vollständig anzeigen</translation>
    </message>
    <message>
        <source>The event as it was received, with why it was refused</source>
        <translation>Das Ereignis so, wie es empfangen wurde, mit dem Grund der Ablehnung</translation>
    </message>
    <message>
        <source>Show &amp;Event…</source>
        <translation>Ereignis an&amp;zeigen…</translation>
    </message>
    <message>
        <source>&amp;Dismiss…</source>
        <translation>&amp;Verwerfen…</translation>
    </message>
    <message>
        <source>Dismiss the selected event</source>
        <translation>Das ausgewählte Ereignis verwerfen</translation>
    </message>
    <message>
        <source>Mark the selected event looked at, with why: it is kept, and never replayed</source>
        <translation>Das ausgewählte Ereignis als gesichtet markieren, mit Begründung: Es bleibt erhalten und wird nie erneut verarbeitet</translation>
    </message>
    <message>
        <source>Select an event to see why it was refused, to replay it or to dismiss it.</source>
        <translation>Wählen Sie ein Ereignis, um zu sehen, warum es abgelehnt wurde, und um es erneut zu verarbeiten oder zu verwerfen.</translation>
    </message>
    <message>
        <source>Dismiss %1</source>
        <translation>%1 verwerfen</translation>
    </message>
    <message>
        <source>Why is this event dismissed? It is kept with its body and never replayed; the reason goes to the audit trail.</source>
        <translation>Warum wird dieses Ereignis verworfen? Es bleibt mit seinem Inhalt erhalten und wird nie erneut verarbeitet; die Begründung kommt ins Prüfprotokoll.</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>&amp;Verwerfen</translation>
    </message>
    <message>
        <source>%1 was not dismissed: say why it is dismissed.</source>
        <translation>%1 wurde nicht verworfen: Geben Sie an, warum es verworfen wird.</translation>
    </message>
    <message>
        <source>%1 was not dismissed: %2</source>
        <translation>%1 wurde nicht verworfen: %2</translation>
    </message>
    <message>
        <source>%1 dismissed. It stays in the ledger, and is never replayed.</source>
        <translation>%1 verworfen. Es bleibt im Hauptbuch und wird nie erneut verarbeitet.</translation>
    </message>
    <message>
        <source>%1 was no longer open: someone replayed or dismissed it first.</source>
        <translation>%1 war nicht mehr offen: Jemand hat es zuvor erneut verarbeitet oder verworfen.</translation>
    </message>
</context>
<context>
    <name>RunSummaryText</name>
    <message>
        <source>Payout run failed</source>
        <translation>Auszahlungslauf fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>Payout run paid %n transfer(s)</source>
        <translation>
            <numerusform>Auszahlungslauf: %n Überweisung ausgezahlt</numerusform>
            <numerusform>Auszahlungslauf: %n Überweisungen ausgezahlt</numerusform>
        </translation>
    </message>
    <message>
        <source>The run stopped: %1</source>
        <translation>Der Lauf wurde abgebrochen: %1</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n transfer(s) paid, %2.</source>
        <translation>
            <numerusform>%1 von %n Überweisung ausgezahlt, %2.</numerusform>
            <numerusform>%1 von %n Überweisungen ausgezahlt, %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n Posten</numerusform>
            <numerusform>%n Posten</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid: %1.</source>
        <translation>Ausgezahlt: %1.</translation>
    </message>
    <message numerus="yes">
        <source>%n entries will be retried after an error.</source>
        <translation>
            <numerusform>%n Posten wird nach einem Fehler erneut versucht.</numerusform>
            <numerusform>%n Posten werden nach einem Fehler erneut versucht.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries are on hold (see their reasons).</source>
        <translation>
            <numerusform>%n Posten wird zurückgehalten (siehe Grund).</numerusform>
            <numerusform>%n Posten werden zurückgehalten (siehe Gründe).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries have an unknown outcome and are resent with the same key in the next run.</source>
        <translation>
            <numerusform>%n Posten hat ein unbekanntes Ergebnis und wird im nächsten Lauf mit demselben Schlüssel erneut gesendet.</numerusform>
            <numerusform>%n Posten haben ein unbekanntes Ergebnis und werden im nächsten Lauf mit demselben Schlüssel erneut gesendet.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries wait for the platform&apos;s available balance.</source>
        <translation>
            <numerusform>%n Posten wartet auf verfügbares Guthaben der Plattform.</numerusform>
            <numerusform>%n Posten warten auf verfügbares Guthaben der Plattform.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was due.</source>
        <translation>Nichts war fällig.</translation>
    </message>
    <message numerus="yes">
        <source>Money of %n artist(s) waits below the minimum payout.</source>
        <translation>
            <numerusform>Geld von %n Künstler wartet unter der Mindestauszahlung.</numerusform>
            <numerusform>Geld von %n Künstlern wartet unter der Mindestauszahlung.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payout run finished: nothing could be paid yet</source>
        <translation>Auszahlungslauf beendet: noch nichts auszahlbar</translation>
    </message>
    <message>
        <source>Payout run finished: nothing was due</source>
        <translation>Auszahlungslauf beendet: nichts fällig</translation>
    </message>
</context>
<context>
    <name>ScheduledEntriesModel</name>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>When, and why not yet</source>
        <translation>Wann und warum</translation>
    </message>
    <message>
        <source>%1
Sale: %2</source>
        <translation>%1
Verkauf: %2</translation>
    </message>
</context>
<context>
    <name>ScheduledPayoutsView</name>
    <message>
        <source>To be paid to you</source>
        <translation>An Sie auszuzahlen</translation>
    </message>
    <message>
        <source>Total to be paid</source>
        <translation>Auszuzahlende Summe</translation>
    </message>
    <message>
        <source>Scheduled payouts</source>
        <translation>Geplante Auszahlungen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>Ak&amp;tualisieren</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Read the ledger again now (it also updates by itself)</source>
        <translation>Das Hauptbuch jetzt neu lesen (es aktualisiert sich auch von selbst)</translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation>Das Hauptbuch kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>No artist chosen</source>
        <translation>Kein Künstler gewählt</translation>
    </message>
    <message>
        <source>Scheduled Payouts for %1</source>
        <translation>Geplante Auszahlungen für %1</translation>
    </message>
    <message>
        <source>Nothing to be paid</source>
        <translation>Nichts auszuzahlen</translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n ausstehend</numerusform>
            <numerusform>%n ausstehend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n processing</source>
        <translation>
            <numerusform>%n in Bearbeitung</numerusform>
            <numerusform>%n in Bearbeitung</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n on hold</source>
        <translation>
            <numerusform>%n zurückgehalten</numerusform>
            <numerusform>%n zurückgehalten</numerusform>
        </translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>&amp;Demo ausprobieren</translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation>Demo ausprobieren</translation>
    </message>
    <message>
        <source>Opens a second window on a throw-away demo store with a simulated Stripe: purchases arrive, and the first payout lands in about 30 seconds. Your own ledger is not touched.</source>
        <translation>Öffnet ein zweites Fenster mit einem Wegwerf-Demoshop und simuliertem Stripe: Käufe treffen ein, und die erste Auszahlung folgt nach etwa 30 Sekunden. Ihr eigenes Hauptbuch bleibt unberührt.</translation>
    </message>
    <message>
        <source>Choose your artist id in Settings (File › Settings) to see your payouts, or try the demo to see a store at work.</source>
        <translation>Wählen Sie Ihre Künstler-ID in den Einstellungen (Datei › Einstellungen), um Ihre Auszahlungen zu sehen, oder probieren Sie die Demo aus, um einen Shop bei der Arbeit zu sehen.</translation>
    </message>
    <message>
        <source>Choose your artist id in Settings (File › Settings) to see what the store owes you.</source>
        <translation>Wählen Sie Ihre Künstler-ID in den Einstellungen (Datei › Einstellungen), um zu sehen, was der Shop Ihnen schuldet.</translation>
    </message>
    <message>
        <source>This store knows no artist with the id &quot;%1&quot;. Check the id in Settings (File › Settings): it must be written exactly as the store gave it to you.</source>
        <translation>Dieser Shop kennt keinen Künstler mit der ID „%1“. Prüfen Sie die ID in den Einstellungen (Datei › Einstellungen): Sie muss genau so geschrieben sein, wie der Shop sie Ihnen gegeben hat.</translation>
    </message>
    <message>
        <source>No sales for the artist id &quot;%1&quot;. Check the id in Settings.</source>
        <translation>Keine Verkäufe für die Künstler-ID „%1“. Prüfen Sie die ID in den Einstellungen.</translation>
    </message>
    <message>
        <source>Nothing is due now; on hold:</source>
        <translation>Derzeit nichts fällig; zurückgehalten:</translation>
    </message>
    <message>
        <source>Everything due has been paid. New sales wait here until the next payout run; History lists what was paid.</source>
        <translation>Alles Fällige wurde ausgezahlt. Neue Verkäufe warten hier bis zum nächsten Auszahlungslauf; der Verlauf zeigt, was ausgezahlt wurde.</translation>
    </message>
    <message>
        <source>No sales yet. Each sale waits here until a payout run pays it.</source>
        <translation>Noch keine Verkäufe. Jeder Verkauf wartet hier, bis ein Auszahlungslauf ihn auszahlt.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <source>Paid this month</source>
        <translation>Diesen Monat ausgezahlt</translation>
    </message>
    <message>
        <source>Unknown artist id</source>
        <translation>Unbekannte Künstler-ID</translation>
    </message>
    <message>
        <source>Nothing on hold.</source>
        <translation>Nichts zurückgehalten.</translation>
    </message>
    <message>
        <source>Nothing has been paid to you yet.</source>
        <translation>An Sie wurde noch nichts ausgezahlt.</translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation>%1; %2</translation>
    </message>
    <message>
        <source>Last paid: %1 on %2</source>
        <translation>Zuletzt ausgezahlt: %1 am %2</translation>
    </message>
    <message>
        <source>History lists every payout.</source>
        <translation>Der Verlauf zeigt jede Auszahlung.</translation>
    </message>
    <message>
        <source>Stripe transfer %1. History lists every payout.</source>
        <translation>Stripe-Überweisung %1. Der Verlauf zeigt jede Auszahlung.</translation>
    </message>
    <message>
        <source>Co&amp;nnect to My Store…</source>
        <translation>Mit meinem Shop &amp;verbinden…</translation>
    </message>
    <message>
        <source>Connect to my store</source>
        <translation>Mit meinem Shop verbinden</translation>
    </message>
    <message>
        <source>Show your payouts from your store&apos;s server, with the store&apos;s address and the personal token the store gave you.</source>
        <translation>Ihre Auszahlungen vom Server Ihres Shops anzeigen, mit der Adresse des Shops und dem persönlichen Token, den Ihnen der Shop gegeben hat.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Payout engine</source>
        <translation>Auszahlungs-Engine</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>Modus</translation>
    </message>
    <message>
        <source>Automatic (from the Stripe key)</source>
        <translation>Automatisch (nach dem Stripe-Schlüssel)</translation>
    </message>
    <message>
        <source>Development</source>
        <translation>Entwicklung</translation>
    </message>
    <message>
        <source>Production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Modus:</translation>
    </message>
    <message>
        <source>Stripe API base URL</source>
        <translation>Basis-URL der Stripe-API</translation>
    </message>
    <message>
        <source>Stripe API &amp;base URL:</source>
        <translation>&amp;Basis-URL der Stripe-API:</translation>
    </message>
    <message>
        <source>Artist shown in the window</source>
        <translation>Im Fenster angezeigter Künstler</translation>
    </message>
    <message>
        <source>your artist id, e.g. art_42</source>
        <translation>Ihre Künstler-ID, z. B. art_42</translation>
    </message>
    <message>
        <source>&amp;Artist shown:</source>
        <translation>Angezeigter &amp;Künstler:</translation>
    </message>
    <message>
        <source>Fast payout delay in seconds</source>
        <translation>Verzögerung der Schnellauszahlung in Sekunden</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>&amp;Fast payout delay (development):</source>
        <translation>Verzögerung der &amp;Schnellauszahlung (Entwicklung):</translation>
    </message>
    <message>
        <source>Webhook port</source>
        <translation>Webhook-Port</translation>
    </message>
    <message>
        <source>&amp;Webhook port (loopback):</source>
        <translation>&amp;Webhook-Port (Loopback):</translation>
    </message>
    <message>
        <source>Secrets (kept in the OS keychain)</source>
        <translation>Geheimnisse (im Schlüsselbund des Systems)</translation>
    </message>
    <message>
        <source>Stripe secret key</source>
        <translation>Geheimer Stripe-Schlüssel</translation>
    </message>
    <message>
        <source>type a new key to replace the stored one</source>
        <translation>neuen Schlüssel eingeben, um den gespeicherten zu ersetzen</translation>
    </message>
    <message>
        <source>Stripe &amp;secret key:</source>
        <translation>&amp;Geheimer Stripe-Schlüssel:</translation>
    </message>
    <message>
        <source>Webhook signing secret</source>
        <translation>Webhook-Signaturgeheimnis</translation>
    </message>
    <message>
        <source>type a new secret to replace the stored one</source>
        <translation>neues Geheimnis eingeben, um das gespeicherte zu ersetzen</translation>
    </message>
    <message>
        <source>Webhook si&amp;gning secret:</source>
        <translation>Webhook-Signaturgeh&amp;eimnis:</translation>
    </message>
    <message>
        <source>Unknown: the keychain did not answer.</source>
        <translation>Unbekannt: Der Schlüsselbund hat nicht geantwortet.</translation>
    </message>
    <message>
        <source>Nothing stored.</source>
        <translation>Nichts gespeichert.</translation>
    </message>
    <message>
        <source>Stored: %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>The OS keychain is available.</source>
        <translation>Der Schlüsselbund des Systems ist verfügbar.</translation>
    </message>
    <message>
        <source>The Stripe API base URL must be an http or https address.</source>
        <translation>Die Basis-URL der Stripe-API muss eine http- oder https-Adresse sein.</translation>
    </message>
    <message>
        <source>A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.</source>
        <translation>Ein geheimer Stripe-Schlüssel beginnt mit sk_test_, sk_live_, rk_test_ oder rk_live_.</translation>
    </message>
    <message>
        <source>A webhook signing secret starts with whsec_.</source>
        <translation>Ein Webhook-Signaturgeheimnis beginnt mit whsec_.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>The OS keychain is not available, so secrets can be neither read nor saved here (they are never stored in plain text instead).

Details: %1</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher können Geheimnisse hier weder gelesen noch gespeichert werden (ersatzweise im Klartext gespeichert werden sie nie).

Details: %1</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>Desktop</translation>
    </message>
    <message>
        <source>Start Payout Desk when I &amp;log in</source>
        <translation>Payout Desk beim &amp;Anmelden starten</translation>
    </message>
    <message>
        <source>Adds Payout Desk to your desktop&apos;s startup applications (%1).</source>
        <translation>Fügt Payout Desk den Startprogrammen Ihres Desktops hinzu (%1).</translation>
    </message>
    <message>
        <source>Ledger location</source>
        <translation>Speicherort des Hauptbuchs</translation>
    </message>
    <message>
        <source>ledger.sqlite in the data folder</source>
        <translation>ledger.sqlite im Datenordner</translation>
    </message>
    <message>
        <source>A SQLite file, or a PostgreSQL server shared by several instances: postgresql://USER@HOST[:PORT]/DB. Its password goes below, never here. Used from the next start.</source>
        <translation>Eine SQLite-Datei oder ein PostgreSQL-Server, den mehrere Instanzen teilen: postgresql://BENUTZER@HOST[:PORT]/DB. Sein Passwort gehört in das Feld darunter, nie hierher. Gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>&amp;Ledger location:</source>
        <translation>Speicherort des &amp;Hauptbuchs:</translation>
    </message>
    <message>
        <source>Ledger database password</source>
        <translation>Passwort der Hauptbuch-Datenbank</translation>
    </message>
    <message>
        <source>type a new password to replace the stored one</source>
        <translation>neues Passwort eingeben, um das gespeicherte zu ersetzen</translation>
    </message>
    <message>
        <source>Ledger &amp;database password:</source>
        <translation>Passwort der Hauptbuch-&amp;Datenbank:</translation>
    </message>
    <message>
        <source>Stored.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>The ledger location cannot be used: %1.</source>
        <translation>Dieser Speicherort des Hauptbuchs ist nicht verwendbar: %1.</translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Statement</source>
        <translation>Kontoauszug</translation>
    </message>
    <message>
        <source>A &amp;month</source>
        <translation>Ein &amp;Monat</translation>
    </message>
    <message>
        <source>Month of the statement</source>
        <translation>Monat des Kontoauszugs</translation>
    </message>
    <message>
        <source>&amp;Days</source>
        <translation>&amp;Tage</translation>
    </message>
    <message>
        <source>First day of the statement</source>
        <translation>Erster Tag des Kontoauszugs</translation>
    </message>
    <message>
        <source>Last day of the statement</source>
        <translation>Letzter Tag des Kontoauszugs</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>CSV spreadsheet</source>
        <translation>CSV-Tabelle</translation>
    </message>
    <message>
        <source>&amp;Save as</source>
        <translation>&amp;Speichern als</translation>
    </message>
    <message>
        <source>The first day is after the last day.</source>
        <translation>Der erste Tag liegt nach dem letzten Tag.</translation>
    </message>
</context>
<context>
    <name>StatementPdf</name>
    <message>
        <source>Statement for %1</source>
        <translation>Kontoauszug für %1</translation>
    </message>
    <message>
        <source>%1 (%2 to %3)</source>
        <translation>%1 (%2 bis %3)</translation>
    </message>
    <message>
        <source>Nothing was earned, reversed or paid up to the end of this period.</source>
        <translation>Bis zum Ende dieses Zeitraums wurde nichts eingenommen, zurückgebucht oder ausgezahlt.</translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation>Anfangssaldo</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Eingenommen</translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation>
            <numerusform>%n Verkauf</numerusform>
            <numerusform>%n Verkäufe</numerusform>
        </translation>
    </message>
    <message>
        <source>Reversed or clawed back</source>
        <translation>Zurückgebucht oder zurückgefordert</translation>
    </message>
    <message>
        <source>refunded after payout; being taken back</source>
        <translation>nach der Auszahlung erstattet; wird zurückgebucht</translation>
    </message>
    <message>
        <source>refunded after payout; taken back</source>
        <translation>nach der Auszahlung erstattet; zurückgebucht</translation>
    </message>
    <message>
        <source>refunded after payout; recovered from later payouts</source>
        <translation>nach der Auszahlung erstattet; mit späteren Auszahlungen verrechnet</translation>
    </message>
    <message>
        <source>refunded before payout</source>
        <translation>vor der Auszahlung erstattet</translation>
    </message>
    <message>
        <source>cancelled: %1</source>
        <translation>storniert: %1</translation>
    </message>
    <message>
        <source>Paid to you</source>
        <translation>An Sie ausgezahlt</translation>
    </message>
    <message>
        <source>Returned from transfer %1</source>
        <translation>Zurück aus Überweisung %1</translation>
    </message>
    <message>
        <source>Transfer %1</source>
        <translation>Überweisung %1</translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation>Endsaldo</translation>
    </message>
    <message>
        <source>The balance is the money owed to you and not yet paid: opening balance + earned − reversed − paid = closing balance. It includes money on hold, and is negative while a refund after payout is still to be taken back.</source>
        <translation>Der Saldo ist das Geld, das Ihnen zusteht und noch nicht ausgezahlt ist: Anfangssaldo + Eingenommen − Zurückgebucht − Ausgezahlt = Endsaldo. Er enthält zurückgehaltenes Geld und ist negativ, solange eine Erstattung nach der Auszahlung noch zurückzubuchen ist.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Statement for %1, %2</source>
        <translation>Kontoauszug für %1, %2</translation>
    </message>
</context>
<context>
    <name>StoreActions</name>
    <message>
        <source>Your store makes this change; ask the store to make it.</source>
        <translation>Diese Änderung nimmt Ihr Shop vor; bitten Sie den Shop darum.</translation>
    </message>
</context>
<context>
    <name>StoreProblem</name>
    <message>
        <source>Enter the store&apos;s address, as the store gave it to you.</source>
        <translation>Geben Sie die Adresse des Shops so ein, wie der Shop sie Ihnen gegeben hat.</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a web address; enter it as the store gave it to you, e.g. https://payouts.example.com.</source>
        <translation>„%1“ ist keine Webadresse; geben Sie sie so ein, wie der Shop sie Ihnen gegeben hat, z. B. https://payouts.example.com.</translation>
    </message>
    <message>
        <source>A store on another machine needs an https:// address, so that your token never travels unencrypted.</source>
        <translation>Ein Shop auf einem anderen Rechner braucht eine https://-Adresse, damit Ihr Token nie unverschlüsselt übertragen wird.</translation>
    </message>
    <message>
        <source>Nothing answers at %1; check the address, or the store may be down.</source>
        <translation>Unter %1 antwortet nichts; prüfen Sie die Adresse, oder der Shop ist gerade nicht erreichbar.</translation>
    </message>
    <message>
        <source>%1 answers, but it is not a Payout Desk store; check the address.</source>
        <translation>%1 antwortet, ist aber kein Payout-Desk-Shop; prüfen Sie die Adresse.</translation>
    </message>
    <message>
        <source>The store cannot answer just now; trying again.</source>
        <translation>Der Shop kann gerade nicht antworten; neuer Versuch folgt.</translation>
    </message>
    <message>
        <source>This token was revoked or is wrong; ask the store for a new one.</source>
        <translation>Dieser Token wurde widerrufen oder ist falsch; bitten Sie den Shop um einen neuen.</translation>
    </message>
    <message numerus="yes">
        <source>The store refused too many wrong tokens from this computer; trying again in %n seconds.</source>
        <translation>
            <numerusform>Der Shop hat zu viele falsche Token von diesem Computer abgelehnt; neuer Versuch in %n Sekunde.</numerusform>
            <numerusform>Der Shop hat zu viele falsche Token von diesem Computer abgelehnt; neuer Versuch in %n Sekunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>The store&apos;s certificate is not trusted by this computer; trust it only if the store confirms its fingerprint.</source>
        <translation>Dieser Computer vertraut dem Zertifikat des Shops nicht; vertrauen Sie ihm nur, wenn der Shop seinen Fingerabdruck bestätigt.</translation>
    </message>
    <message>
        <source>The store&apos;s certificate has expired or is not valid yet; the store has to renew it.</source>
        <translation>Das Zertifikat des Shops ist abgelaufen oder noch nicht gültig; der Shop muss es erneuern.</translation>
    </message>
    <message>
        <source>The store&apos;s certificate is not for %1; check the address, or trust the certificate only if the store confirms its fingerprint.</source>
        <translation>Das Zertifikat des Shops gilt nicht für %1; prüfen Sie die Adresse, oder vertrauen Sie dem Zertifikat nur, wenn der Shop seinen Fingerabdruck bestätigt.</translation>
    </message>
</context>
<context>
    <name>StoreSnapshotReader</name>
    <message>
        <source>The ledger is checked on the store&apos;s machine (verify).</source>
        <translation>Das Hauptbuch wird auf dem Rechner des Shops geprüft (verify).</translation>
    </message>
</context>
<context>
    <name>StoreWindow</name>
    <message>
        <source>Use a Local Ledger Instead</source>
        <translation>Stattdessen ein lokales Hauptbuch verwenden</translation>
    </message>
    <message>
        <source>Stop showing your payouts from %1? The token is removed from this computer; to connect again you need it, or a new one, from the store.</source>
        <translation>Ihre Auszahlungen von %1 nicht mehr anzeigen? Der Token wird von diesem Computer entfernt; um sich wieder zu verbinden, brauchen Sie ihn oder einen neuen vom Shop.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1…</translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation>Verbunden mit %1</translation>
    </message>
    <message>
        <source>Offline since %1</source>
        <translation>Offline seit %1</translation>
    </message>
    <message>
        <source>Offline since %1: %2 Showing what the store said last; reconnecting by itself.</source>
        <translation>Offline seit %1: %2 Angezeigt wird der letzte Stand des Shops; die Verbindung wird selbsttätig wiederhergestellt.</translation>
    </message>
    <message>
        <source>Reconnect &amp;Now</source>
        <translation>&amp;Jetzt neu verbinden</translation>
    </message>
    <message>
        <source>Not connected to %1</source>
        <translation>Nicht verbunden mit %1</translation>
    </message>
    <message>
        <source>Enter a &amp;New Token…</source>
        <translation>&amp;Neuen Token eingeben…</translation>
    </message>
    <message>
        <source>&amp;Trust the Certificate…</source>
        <translation>Dem Zertifikat &amp;vertrauen…</translation>
    </message>
    <message>
        <source>Trust the Store&apos;s Certificate</source>
        <translation>Dem Zertifikat des Shops vertrauen</translation>
    </message>
    <message>
        <source>Trust the certificate with the SHA-256 fingerprint
%1
only if the store gave you this very fingerprint. Any other certificate is still refused.</source>
        <translation>Vertrauen Sie dem Zertifikat mit dem SHA-256-Fingerabdruck
%1
nur, wenn Ihnen der Shop genau diesen Fingerabdruck gegeben hat. Jedes andere Zertifikat wird weiterhin abgelehnt.</translation>
    </message>
    <message>
        <source>&amp;Trust It</source>
        <translation>&amp;Vertrauen</translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>&amp;Show Payout Desk</source>
        <translation>Payout Desk &amp;anzeigen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Payout Desk</source>
        <translation>Payout Desk</translation>
    </message>
    <message>
        <source>Payout Desk: paying artists now</source>
        <translation>Payout Desk: zahlt gerade an Künstler aus</translation>
    </message>
    <message>
        <source>Payout Desk needs your attention: %1</source>
        <translation>Payout Desk braucht Ihre Aufmerksamkeit: %1</translation>
    </message>
    <message>
        <source>Payout Desk: payouts run on schedule</source>
        <translation>Payout Desk: Auszahlungen laufen nach Plan</translation>
    </message>
</context>
<context>
    <name>TypedConfirmDialog</name>
    <message>
        <source>Type %1 to confirm:</source>
        <translation>Zur Bestätigung %1 eingeben:</translation>
    </message>
    <message>
        <source>Confirmation word</source>
        <translation>Bestätigungswort</translation>
    </message>
    <message>
        <source>Type %1 exactly to enable the confirm button</source>
        <translation>Genau %1 eingeben, um die Bestätigungsschaltfläche freizugeben</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>WeeklyChart</name>
    <message>
        <source>Paid per week in:</source>
        <translation>Pro Woche ausgezahlt in:</translation>
    </message>
    <message>
        <source>Chart currency</source>
        <translation>Währung des Diagramms</translation>
    </message>
    <message>
        <source>Amounts paid per week</source>
        <translation>Pro Woche ausgezahlte Beträge</translation>
    </message>
    <message>
        <source>Nothing has been paid yet.</source>
        <translation>Bisher wurde nichts ausgezahlt.</translation>
    </message>
    <message>
        <source>d MMM</source>
        <comment>week start on the chart axis</comment>
        <translation>d. MMM</translation>
    </message>
    <message numerus="yes">
        <source>Paid per week, last %n week(s)</source>
        <translation>
            <numerusform>Pro Woche ausgezahlt, letzte Woche</numerusform>
            <numerusform>Pro Woche ausgezahlt, letzte %n Wochen</numerusform>
        </translation>
    </message>
    <message>
        <source>d/M</source>
        <comment>week start on the chart axis, in a narrow window</comment>
        <translation>d.M</translation>
    </message>
</context>
</TS>
