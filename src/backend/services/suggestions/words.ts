// Words that are capitalised in a ticket without naming anyone: greetings, sign-offs, dates,
// the words of support work, and the words many company names share ("Logistics", "Systems").
// Asked alone they would list half the CRM, so they are never asked alone. Normalised forms.

const TICKET_WORDS = `
hi hello hey dear hallo hoi hej hola ola bonjour ciao merhaba greetings morning afternoon
thanks thank regards best cheers kind sincerely yours danke gruss grusse gruesse viele freundliche
freundlichen mit groet groeten vriendelijke merci cordialement salutations gracias saludos
obrigado obrigada grazie saluti tack halsningar kiitos tesekkurler
please pls urgent asap fyi re fw fwd aw wg tr sv vs
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec januar februar marz maerz juni juli oktober
dezember janvier fevrier mars avril juin juillet aout septembre octobre novembre decembre
monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun
montag dienstag mittwoch donnerstag freitag samstag sonntag today tomorrow yesterday
issue issues problem problems error errors bug bugs request requests question questions
invoice invoices billing payment payments account accounts user users customer customers client
clients team teams support help ticket tickets update updates upgrade migrate migration export
import login logins sso api apis new old our your their the this that these those here there
note notes renewal renewals contract contracts quote quotes order orders purchase license
licence licenses licences seat seats trial call calls meeting meetings onboarding training
kickoff escalation feature features report reports portal app apps mobile web website email
emails mail mails cc bcc subject from to sent forwarded message attached attachment pdf csv
xml json url link links eu us uk usa emea apac q1 q2 q3 q4 vat gst po inv id ok eta tbd
dashboard integration integrations sync webhook webhooks access admin admins password
reset release version plan plans price pricing prices discount tenant tenants sandbox
production staging test tests server servers cluster database
vpn sla crm erp hr it ip dns ssl tls http https ui ux faq gdpr ceo cto cfo sms kpi rma
`;

const COMPANY_WORDS = `
logistics logistik logistiek systems system solutions solution digital group groupe gruppe
groep grupo services service software consulting consultants partners partner holdings
holding capital global international technologies technology tech labs lab media energy
energie energi health healthcare foods food freight textiles textile engineering robotics
analytics design print printing legal dental travel trading industries industrie
manufacturing marine hotels hotel clinic clinics data network networks cloud hosting finance
financial bank insurance management marketing studio studios agency enterprises enterprise
ventures products supply construction bau transport transportes electronics games bakery
brewing water solar power rail north south east west blue green red silver golden gold iron
stone royal prime global metro urban alpine coastal pacific atlantic nordic central united
national general first one smart open
`;

const words = (list: string) => new Set(list.split(/\s+/).filter((word) => word !== ''));

const TICKET = words(TICKET_WORDS);
const COMPANY = words(COMPANY_WORDS);

/** A word of greetings, dates or support work ("Please", "Invoice", "March"). */
export function isTicketWord(normalised: string): boolean {
  return TICKET.has(normalised);
}

/** A word many company names share, too common to ask alone ("Logistics", "Blue"). */
export function isCommonCompanyWord(normalised: string): boolean {
  return COMPANY.has(normalised);
}
