// Fixed texts of the subscription pages and the confirmation email, per
// language. A team overrides or adds a language with `<pages>/strings.<lang>.json`.
export interface PageStrings {
  readonly subscribeTitle: string;
  readonly subscribeIntro: string;
  readonly emailLabel: string;
  readonly subscribeButton: string;
  readonly subscribeSent: string;
  readonly confirmTitle: string;
  readonly confirmIntro: string;
  readonly confirmButton: string;
  readonly confirmDone: string;
  readonly confirmExpired: string;
  readonly unsubscribeTitle: string;
  readonly unsubscribeIntro: string;
  readonly unsubscribeButton: string;
  readonly unsubscribeDone: string;
  readonly invalidLink: string;
  readonly tooMany: string;
  readonly mailSubject: string;
  readonly mailBody: string;
}

const en: PageStrings = {
  subscribeTitle: 'Subscribe to {site}',
  subscribeIntro: 'Enter your email address. We send you a link to confirm.',
  emailLabel: 'Email address',
  subscribeButton: 'Subscribe',
  subscribeSent: 'Thank you. If the address can receive the newsletter, a confirmation email is on its way: open the link in it to finish.',
  confirmTitle: 'Confirm your subscription',
  confirmIntro: 'Subscribe {email} to {site}?',
  confirmButton: 'Yes, subscribe me',
  confirmDone: 'Done: {email} receives the next issue of {site}.',
  confirmExpired: 'This confirmation link has expired. Please subscribe again.',
  unsubscribeTitle: 'Unsubscribe',
  unsubscribeIntro: 'Stop sending {site} to {email}?',
  unsubscribeButton: 'Unsubscribe',
  unsubscribeDone: 'Done: {email} will not receive {site} any more.',
  invalidLink: 'This link is not valid. Copy the whole link from the email, or contact the editors.',
  tooMany: 'Too many requests. Please try again in a few minutes.',
  mailSubject: 'Confirm your subscription to {site}',
  mailBody: 'Someone, probably you, asked to receive {site} at this address.\n\nTo confirm, open this link and press the button:\n{link}\n\nIf it was not you, ignore this email: nothing happens without the confirmation.',
};

const de: PageStrings = {
  subscribeTitle: '{site} abonnieren',
  subscribeIntro: 'Geben Sie Ihre E-Mail-Adresse ein. Wir senden Ihnen einen Bestätigungslink.',
  emailLabel: 'E-Mail-Adresse',
  subscribeButton: 'Abonnieren',
  subscribeSent: 'Danke. Wenn die Adresse den Newsletter empfangen kann, ist eine Bestätigungs-E-Mail unterwegs: Öffnen Sie den Link darin.',
  confirmTitle: 'Abonnement bestätigen',
  confirmIntro: '{email} für {site} anmelden?',
  confirmButton: 'Ja, anmelden',
  confirmDone: 'Erledigt: {email} erhält die nächste Ausgabe von {site}.',
  confirmExpired: 'Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich erneut an.',
  unsubscribeTitle: 'Abmelden',
  unsubscribeIntro: '{site} nicht mehr an {email} senden?',
  unsubscribeButton: 'Abmelden',
  unsubscribeDone: 'Erledigt: {email} erhält {site} nicht mehr.',
  invalidLink: 'Dieser Link ist ungültig. Kopieren Sie den ganzen Link aus der E-Mail oder schreiben Sie der Redaktion.',
  tooMany: 'Zu viele Anfragen. Bitte versuchen Sie es in einigen Minuten erneut.',
  mailSubject: 'Bestätigen Sie Ihr Abonnement von {site}',
  mailBody: 'Jemand, vermutlich Sie, möchte {site} an diese Adresse erhalten.\n\nZum Bestätigen öffnen Sie diesen Link und drücken Sie den Knopf:\n{link}\n\nWaren Sie es nicht, ignorieren Sie diese E-Mail: Ohne Bestätigung geschieht nichts.',
};

const fr: PageStrings = {
  subscribeTitle: 'S’abonner à {site}',
  subscribeIntro: 'Saisissez votre adresse e-mail. Nous vous envoyons un lien de confirmation.',
  emailLabel: 'Adresse e-mail',
  subscribeButton: 'S’abonner',
  subscribeSent: 'Merci. Si l’adresse peut recevoir la lettre, un e-mail de confirmation est en route : ouvrez le lien qu’il contient.',
  confirmTitle: 'Confirmer l’abonnement',
  confirmIntro: 'Abonner {email} à {site} ?',
  confirmButton: 'Oui, m’abonner',
  confirmDone: 'C’est fait : {email} recevra le prochain numéro de {site}.',
  confirmExpired: 'Ce lien de confirmation a expiré. Abonnez-vous à nouveau.',
  unsubscribeTitle: 'Se désabonner',
  unsubscribeIntro: 'Ne plus envoyer {site} à {email} ?',
  unsubscribeButton: 'Se désabonner',
  unsubscribeDone: 'C’est fait : {email} ne recevra plus {site}.',
  invalidLink: 'Ce lien n’est pas valide. Copiez le lien complet depuis l’e-mail ou contactez la rédaction.',
  tooMany: 'Trop de demandes. Réessayez dans quelques minutes.',
  mailSubject: 'Confirmez votre abonnement à {site}',
  mailBody: 'Quelqu’un, sans doute vous, a demandé à recevoir {site} à cette adresse.\n\nPour confirmer, ouvrez ce lien et appuyez sur le bouton :\n{link}\n\nSi ce n’était pas vous, ignorez cet e-mail : rien ne se passe sans confirmation.',
};

export const BUILT_IN_STRINGS: Readonly<Record<string, PageStrings>> = { en, de, fr };

/** Fills `{name}` slots; values are inserted as given (callers escape for HTML). */
export function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
