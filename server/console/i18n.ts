/** The console's words, in English and French like the widgets. */
const en = {
  appName: 'Consultation console',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  login: {
    title: 'Sign in',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    failed: 'Sign-in failed:',
    hint: 'Operators are created on the server with:',
  },
  nav: { label: 'Console', consultations: 'Consultations' },
  signedInAs: (name: string, role: string) => `${name} (${role})`,
  logout: 'Sign out',
  theme: { label: 'Appearance', system: 'System', light: 'Light', dark: 'Dark' },
  language: 'Language',
  consultations: {
    title: 'Consultations',
    none: 'No consultation yet.',
    caption: 'Every consultation on this server, with its live counts',
    name: 'Title',
    status: 'Status',
    proposals: 'Proposals',
    participants: 'Participants',
    votes: 'Votes',
    open: 'Open',
    closed: 'Closed',
    refresh: 'Refresh',
    moderate: (title: string) => `${title}: moderation`,
  },
  error: (message: string) => `Something went wrong: ${message}`,
  retry: 'Try again',
};

export type ConsoleStrings = typeof en;

const fr: ConsoleStrings = {
  appName: 'Console de consultation',
  skipToContent: 'Aller au contenu',
  loading: 'Chargement…',
  login: {
    title: 'Connexion',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    failed: 'Échec de la connexion :',
    hint: 'Les opérateurs se créent sur le serveur avec :',
  },
  nav: { label: 'Console', consultations: 'Consultations' },
  signedInAs: (name, role) => `${name} (${role === 'admin' ? 'administrateur' : 'modérateur'})`,
  logout: 'Se déconnecter',
  theme: { label: 'Apparence', system: 'Système', light: 'Clair', dark: 'Sombre' },
  language: 'Langue',
  consultations: {
    title: 'Consultations',
    none: 'Aucune consultation pour l’instant.',
    caption: 'Toutes les consultations de ce serveur, avec leurs chiffres en direct',
    name: 'Titre',
    status: 'État',
    proposals: 'Propositions',
    participants: 'Participants',
    votes: 'Votes',
    open: 'Ouverte',
    closed: 'Close',
    refresh: 'Actualiser',
    moderate: (title) => `${title} : modération`,
  },
  error: (message) => `Une erreur est survenue : ${message}`,
  retry: 'Réessayer',
};

export const LANGUAGES = { en, fr } as const;
export type ConsoleLanguage = keyof typeof LANGUAGES;

/** `?lang=` first, then what the operator kept, then the browser's first language we have. */
export function chooseLanguage(search: string, stored: string | null, preferred: readonly string[]): ConsoleLanguage {
  const asked = new URLSearchParams(search).get('lang');
  for (const candidate of [asked, stored, ...preferred]) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && base in LANGUAGES) return base as ConsoleLanguage;
  }
  return 'en';
}
