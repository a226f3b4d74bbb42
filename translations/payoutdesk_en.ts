<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountView</name>
    <message>
        <source>Payout account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No artist chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no sales in this ledger yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no payout account linked. Money owed is kept on hold and paid in the first run after an account is linked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is paid to the Stripe connected account %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminAccess</name>
    <message>
        <source>There is no admin view: the keychain could not be read (%1), so the artist view opens instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no admin view: this computer has neither the Stripe secret key nor the admin token (in the keychain, or STRIPE_API_KEY or PAYOUTDESK_ADMIN_TOKEN), so the artist view opens instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AdminView</name>
    <message>
        <source>&amp;Find artist:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>part of an artist id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Totals per artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n artist(s)</source>
        <translation>
            <numerusform>%n artist</numerusform>
            <numerusform>%n artists</numerusform>
        </translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No artists yet. Artists appear here with the store&apos;s first sale for them, or when you link one to a payout account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No artist id contains &quot;%1&quot;. Clear the filter to see every artist.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArtistTotalsModel</name>
    <message>
        <source>not linked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded after it was paid:
being reversed: %1
taken back by a reversal: %2
clawed back from later payouts: %3
(payoutdesk reversals list names each one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refunded after payout</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CleanupRunner</name>
    <message>
        <source>The cleanup would change:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cleanup changed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate entries voided: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid entries voided: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processed event ids archived: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quarantined events archived: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  entry %1 (%2): %3 → %4, %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cleanup found nothing to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cleanup changed nothing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Attention: %n duplicate entries were already paid; reverse those transfers by hand.</source>
        <translation>
            <numerusform>Attention: %n duplicate entry was already paid; reverse that transfer by hand.</numerusform>
            <numerusform>Attention: %n duplicate entries were already paid; reverse those transfers by hand.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries have been in processing for over an hour; the next payout run resends or reconciles them (cleanup never voids them).</source>
        <translation>
            <numerusform>%n entry has been in processing for over an hour; the next payout run resends or reconciles it (cleanup never voids it).</numerusform>
            <numerusform>%n entries have been in processing for over an hour; the next payout run resends or reconciles them (cleanup never voids them).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>  … and %n more</source>
        <translation>
            <numerusform>  … and %n more</numerusform>
            <numerusform>  … and %n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <source>Connect to My Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your store gave you its address and a personal token. With them, this window shows your payouts live from the store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store &amp;address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal &amp;token:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the store&apos;s certificate with the SHA-256 fingerprint %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store refused your token; enter the new one the store gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the personal token the store gave you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the store&apos;s certificate with the SHA-256 fingerprint %1 (compare it with the one the store gave you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be kept in the keychain, so nothing was saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DangerZone</name>
    <message>
        <source>&amp;Advanced Account Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Advanced Account Management</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows or hides the danger zone with Reset Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Danger zone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Account…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an artist first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset Account unlinks the Stripe account of %1, so the account can be set up again. No money is deleted: everything still pending is put on hold until a payout account is linked again, and payments already on their way are finished. A backup of the ledger is written first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none linked)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset the payout account of %1?

The Stripe connected account %2 will be unlinked. Money that is still pending is put on hold until an account is linked again; nothing is deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This unlinks the account of %1 now. To undo it, a payout account has to be linked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing a backup of the ledger…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The account of %1 was reset. %n pending entries are on hold until a payout account is linked again; nothing was deleted.</source>
        <translation>
            <numerusform>The account of %1 was reset. %n pending entry is on hold until a payout account is linked again; nothing was deleted.</numerusform>
            <numerusform>The account of %1 was reset. %n pending entries are on hold until a payout account is linked again; nothing was deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries were already on their way and stay in processing.</source>
        <translation>
            <numerusform>%n entry was already on its way and stays in processing.</numerusform>
            <numerusform>%n entries were already on their way and stay in processing.</numerusform>
        </translation>
    </message>
    <message>
        <source>Backup: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EntryStatus</name>
    <message>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no payout account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>account reset: link a payout account to release it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no reason recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cart Sale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commission</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending: paid in the next payout run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Processing: a transfer is on its way to Stripe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next attempt: in the next payout run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying after an error (attempt %1): %2
%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no error text recorded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid by transfer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for the store&apos;s balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payout account not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>payout account not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pending: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paid once the store links your payout account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paid once your Stripe account can receive transfers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the store must link your payout account again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Below minimum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clawback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reversing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>below the minimum payout of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for balance: the store&apos;s Stripe balance cannot cover this payout yet. It is tried again in every payout run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Below minimum: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clawback: a sale was refunded after it was paid to you; this amount is taken from your next payouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reversing: a sale was refunded after it was paid; the transfer is being reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reversed: the transfer for a refunded sale was reversed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the next payout run, at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in the next payout run (none is scheduled yet: the store&apos;s payout service is not running)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store&apos;s balance is too low right now; tried again %1. Nothing for you to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your total is below the store&apos;s minimum payout of %1; paid once it reaches it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On its way: Stripe is confirming the transfer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stripe answered with an error; tried again at %1 (attempt %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stripe answered with an error; tried again %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold (%1): %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold: paid once a payout account is linked again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold (%1): the store must release it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owed back for a refund: taken from your next payouts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A refund is taking this money back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken back for a refund.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not paid: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded after it was paid: taken back in the next payout run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kept against money you owe back from a refund: %1 still to recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clawback: a refund of money already paid to you, recovered from transfer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clawback: this sale was refunded after it was paid to you, and Stripe could not take it back from your balance; it is taken from your next payouts</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>(no transfer id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message>
        <source>Stripe transfer %1, paid %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sale %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer / reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>Payouts by transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export history as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No artist chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has been paid to %1 yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Paid to %1 in total: %2, in %n transfer(s).</source>
        <translation>
            <numerusform>Paid to %1 in total: %2, in %n transfer.</numerusform>
            <numerusform>Paid to %1 in total: %2, in %n transfers.</numerusform>
        </translation>
    </message>
    <message>
        <source>Export history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No artist chosen: choose your artist id in Settings (File › Settings).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payouts yet. Each payout run&apos;s transfer appears here with the sales it paid; see Scheduled Payouts for what is due next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Only the first %n payment(s) are shown.</source>
        <translation>
            <numerusform>Only the first payment is shown.</numerusform>
            <numerusform>Only the first %n payments are shown.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Statement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A statement for a month or a range of days, as PDF or CSV: opening balance, earned per track, reversed, paid per transfer, closing balance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkArtistForm</name>
    <message>
        <source>Artist id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected account id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acct_…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link artist to account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Artist:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Acc&amp;ount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link payout account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link %1 to the connected account %2?

Money held for lack of an account is released and paid to this account in the next payout run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not linked: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 is linked to %2; %n held entries released to be paid.</source>
        <translation>
            <numerusform>%1 is linked to %2; %n held entry released to be paid.</numerusform>
            <numerusform>%1 is linked to %2; %n held entries released to be paid.</numerusform>
        </translation>
    </message>
    <message>
        <source>artist id, e.g. art_42</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout account and held money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Release held money…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release the artist&apos;s held money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moves the artist&apos;s money on hold back to be paid in the next payout run. Money held for lack of a payout account waits for a link instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release held money</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release the money held for %1?

It is paid to their payout account in the next payout run. Release it only once the cause of the hold is fixed; the audit trail records who released it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Releasing the money held for %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing released: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n held entries of %1 released to be paid.</source>
        <translation>
            <numerusform>%n held entry of %1 released to be paid.</numerusform>
            <numerusform>%n held entries of %1 released to be paid.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Showing artist:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scheduled Payouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;ccount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export History…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Admin View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every artist&apos;s totals, payout runs and quarantined events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Payout Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Payout Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk %1
What the store owes its artists, and when it is paid through Stripe Connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A&amp;dmin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none chosen (see Settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk is still running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payouts keep running on schedule. Quit from the tray icon&apos;s menu.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payout engine did not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Admin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your store resets payout accounts: ask the store if yours needs a reset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a &amp;Local Ledger Instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;nnect to My Store…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desktop has no tray: closing Payout Desk stops the payout schedule until it is opened again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NextPayoutCard</name>
    <message>
        <source>Next payout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Development mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not scheduled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store&apos;s payout engine is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store&apos;s payout engine stopped answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payout engine has announced a run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>overdue: waiting for the payout engine</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PayoutControls</name>
    <message>
        <source>Payout runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay Out &amp;Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pay out now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;leanup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleanup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout run progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is in progress (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting a payout run…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A run is in progress…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No payout engine runs in this window, so a run cannot be started from here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payout run is in progress; wait for it to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a payout run now: pay everything that is due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previewing the cleanup (dry run)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cleanup could not run: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply these changes? Entries are voided with their reason, never deleted, and every change is in the audit log.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Apply Cleanup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleanup cancelled: nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleaning up…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout runs happen in the store&apos;s payout service; this window follows them through the ledger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cleanup is not available in this window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A cleanup is in progress.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Void duplicates and invalid entries and archive stale data, after a preview of what a dry run finds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%v of %n transfer(s)</source>
        <translation>
            <numerusform>%v of %n transfer</numerusform>
            <numerusform>%v of %n transfers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PayoutNotices</name>
    <message>
        <source>Payout sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was sent to your Stripe account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A payout is on hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of your money is on hold. Scheduled Payouts says why and what releases it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProcessingInfoWidget</name>
    <message>
        <source>Processing info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next run:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>due now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not scheduled: no payout engine has announced a run (is the store&apos;s payout service running?)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, overdue: waiting for the payout engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>every %n minute(s)</source>
        <translation>
            <numerusform>every minute</numerusform>
            <numerusform>every %n minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Development: a payout runs %n second(s) after a cart purchase (a burst of purchases gives one run), and a regular run %1 pays whatever is still due. Meant for Stripe test keys: a live key never runs in development mode.</source>
        <translation>
            <numerusform>Development: a payout runs %n second after a cart purchase (a burst of purchases gives one run), and a regular run %1 pays whatever is still due. Meant for Stripe test keys: a live key never runs in development mode.</numerusform>
            <numerusform>Development: a payout runs %n seconds after a cart purchase (a burst of purchases gives one run), and a regular run %1 pays whatever is still due. Meant for Stripe test keys: a live key never runs in development mode.</numerusform>
        </translation>
    </message>
    <message>
        <source>Production: payouts run %1 and the ledger is cleaned up once a day. A purchase does not start a payout of its own; it is paid in the next regular run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (development with a Stripe test key, production with a live key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Development</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not scheduled: the store&apos;s payout engine is stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not scheduled: the store&apos;s payout engine stopped answering</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: simulated Stripe, nothing is real. Purchases arrive every few seconds; the first payout lands about 30 seconds after the first one. Switch to View › Admin View to see every artist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk is already open for this store; its window was brought to the front.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to My Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 The local ledger opens instead.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuarantineEventDialog</name>
    <message>
        <source>Quarantined event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2, came by %3 on %4.
Refused: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no type)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuarantineModel</name>
    <message>
        <source>(no id)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Came by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuarantinePanel</name>
    <message>
        <source>Quarantined events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replay the selected event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the selected event through intake again, after its cause was fixed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No events are in quarantine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is still refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 replayed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, came by %3) was refused: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No quarantined events: every event the store sent was valid. An event that cannot be applied waits here with its reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the selected event in full</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The event as it was received, with why it was refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Event…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dismiss…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss the selected event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mark the selected event looked at, with why: it is kept, and never replayed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an event to see why it was refused, to replay it or to dismiss it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why is this event dismissed? It is kept with its body and never replayed; the reason goes to the audit trail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not dismissed: say why it is dismissed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not dismissed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 dismissed. It stays in the ledger, and is never replayed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was no longer open: someone replayed or dismissed it first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RunSummaryText</name>
    <message>
        <source>Payout run failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Payout run paid %n transfer(s)</source>
        <translation>
            <numerusform>Payout run paid %n transfer</numerusform>
            <numerusform>Payout run paid %n transfers</numerusform>
        </translation>
    </message>
    <message>
        <source>The run stopped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n transfer(s) paid, %2.</source>
        <translation>
            <numerusform>%1 of %n transfer paid, %2.</numerusform>
            <numerusform>%1 of %n transfers paid, %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries</source>
        <translation>
            <numerusform>%n entry</numerusform>
            <numerusform>%n entries</numerusform>
        </translation>
    </message>
    <message>
        <source>Paid: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n entries will be retried after an error.</source>
        <translation>
            <numerusform>%n entry will be retried after an error.</numerusform>
            <numerusform>%n entries will be retried after an error.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries are on hold (see their reasons).</source>
        <translation>
            <numerusform>%n entry is on hold (see its reason).</numerusform>
            <numerusform>%n entries are on hold (see their reasons).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries have an unknown outcome and are resent with the same key in the next run.</source>
        <translation>
            <numerusform>%n entry has an unknown outcome and is resent with the same key in the next run.</numerusform>
            <numerusform>%n entries have an unknown outcome and are resent with the same key in the next run.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n entries wait for the platform&apos;s available balance.</source>
        <translation>
            <numerusform>%n entry waits for the platform&apos;s available balance.</numerusform>
            <numerusform>%n entries wait for the platform&apos;s available balance.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing was due.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Money of %n artist(s) waits below the minimum payout.</source>
        <translation>
            <numerusform>Money of %n artist waits below the minimum payout.</numerusform>
            <numerusform>Money of %n artists waits below the minimum payout.</numerusform>
        </translation>
    </message>
    <message>
        <source>Payout run finished: nothing could be paid yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout run finished: nothing was due</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScheduledEntriesModel</name>
    <message>
        <source>Amount</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When, and why not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Sale: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScheduledPayoutsView</name>
    <message>
        <source>To be paid to you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total to be paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled payouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the ledger again now (it also updates by itself)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the ledger: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No artist chosen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scheduled Payouts for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to be paid</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n pending</source>
        <translation>
            <numerusform>%n pending</numerusform>
            <numerusform>%n pending</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n processing</source>
        <translation>
            <numerusform>%n processing</numerusform>
            <numerusform>%n processing</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n on hold</source>
        <translation>
            <numerusform>%n on hold</numerusform>
            <numerusform>%n on hold</numerusform>
        </translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opens a second window on a throw-away demo store with a simulated Stripe: purchases arrive, and the first payout lands in about 30 seconds. Your own ledger is not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your artist id in Settings (File › Settings) to see your payouts, or try the demo to see a store at work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your artist id in Settings (File › Settings) to see what the store owes you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This store knows no artist with the id &quot;%1&quot;. Check the id in Settings (File › Settings): it must be written exactly as the store gave it to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sales for the artist id &quot;%1&quot;. Check the id in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing is due now; on hold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything due has been paid. New sales wait here until the next payout run; History lists what was paid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sales yet. Each sale waits here until a payout run pays it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid this month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown artist id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing on hold.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has been paid to you yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1; %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last paid: %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History lists every payout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stripe transfer %1. History lists every payout.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Co&amp;nnect to My Store…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to my store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show your payouts from your store&apos;s server, with the store&apos;s address and the personal token the store gave you.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (from the Stripe key)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Development</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stripe API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stripe API &amp;base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Artist shown in the window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>your artist id, e.g. art_42</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Artist shown:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fast payout delay in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fast payout delay (development):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Webhook port (loopback):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets (kept in the OS keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stripe secret key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type a new key to replace the stored one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stripe &amp;secret key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook signing secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type a new secret to replace the stored one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Webhook si&amp;gning secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown: the keychain did not answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain is available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Stripe API base URL must be an http or https address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A webhook signing secret starts with whsec_.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS keychain is not available, so secrets can be neither read nor saved here (they are never stored in plain text instead).

Details: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start Payout Desk when I &amp;log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adds Payout Desk to your desktop&apos;s startup applications (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ledger.sqlite in the data folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A SQLite file, or a PostgreSQL server shared by several instances: postgresql://USER@HOST[:PORT]/DB. Its password goes below, never here. Used from the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ledger location:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger database password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type a new password to replace the stored one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ledger &amp;database password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The ledger location cannot be used: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatementDialog</name>
    <message>
        <source>Statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A &amp;month</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Month of the statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First day of the statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last day of the statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV spreadsheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The first day is after the last day.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StatementPdf</name>
    <message>
        <source>Statement for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 to %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was earned, reversed or paid up to the end of this period.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Earned</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n sale(s)</source>
        <translation>
            <numerusform>%n sale</numerusform>
            <numerusform>%n sales</numerusform>
        </translation>
    </message>
    <message>
        <source>Reversed or clawed back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded after payout; being taken back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded after payout; taken back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded after payout; recovered from later payouts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refunded before payout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paid to you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returned from transfer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing balance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The balance is the money owed to you and not yet paid: opening balance + earned − reversed − paid = closing balance. It includes money on hold, and is negative while a refund after payout is still to be taken back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement for %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreActions</name>
    <message>
        <source>Your store makes this change; ask the store to make it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreProblem</name>
    <message>
        <source>Enter the store&apos;s address, as the store gave it to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a web address; enter it as the store gave it to you, e.g. https://payouts.example.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A store on another machine needs an https:// address, so that your token never travels unencrypted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing answers at %1; check the address, or the store may be down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answers, but it is not a Payout Desk store; check the address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store cannot answer just now; trying again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This token was revoked or is wrong; ask the store for a new one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The store refused too many wrong tokens from this computer; trying again in %n seconds.</source>
        <translation>
            <numerusform>The store refused too many wrong tokens from this computer; trying again in %n second.</numerusform>
            <numerusform>The store refused too many wrong tokens from this computer; trying again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>The store&apos;s certificate is not trusted by this computer; trust it only if the store confirms its fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store&apos;s certificate has expired or is not valid yet; the store has to renew it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store&apos;s certificate is not for %1; check the address, or trust the certificate only if the store confirms its fingerprint.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreSnapshotReader</name>
    <message>
        <source>The ledger is checked on the store&apos;s machine (verify).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StoreWindow</name>
    <message>
        <source>Use a Local Ledger Instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop showing your payouts from %1? The token is removed from this computer; to connect again you need it, or a new one, from the store.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline since %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline since %1: %2 Showing what the store said last; reconnecting by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect &amp;Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter a &amp;New Token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust the Certificate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the Store&apos;s Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust the certificate with the SHA-256 fingerprint
%1
only if the store gave you this very fingerprint. Any other certificate is still refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust It</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message>
        <source>&amp;Show Payout Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk: paying artists now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk needs your attention: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Payout Desk: payouts run on schedule</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TypedConfirmDialog</name>
    <message>
        <source>Type %1 to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirmation word</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type %1 exactly to enable the confirm button</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>WeeklyChart</name>
    <message>
        <source>Paid per week in:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amounts paid per week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has been paid yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>d MMM</source>
        <comment>week start on the chart axis</comment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Paid per week, last %n week(s)</source>
        <translation>
            <numerusform>Paid per week, last week</numerusform>
            <numerusform>Paid per week, last %n weeks</numerusform>
        </translation>
    </message>
    <message>
        <source>d/M</source>
        <comment>week start on the chart axis, in a narrow window</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
