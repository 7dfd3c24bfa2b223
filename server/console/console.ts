// The operator console's entry (served at /admin/ by consult-server): registers its first-load
// elements; the others define themselves in their chunks (lazy-views.ts).
import { ConsoleAppElement } from './console-app.js';
import { ConsoleConsultationsElement } from './consultations-view.js';
import { ConsoleInviteElement } from './invite-view.js';
import { ConsoleLoginElement } from './login-view.js';
import { ConsoleModerationBulkElement } from './moderation-bulk.js';
import { ConsoleModerationElement } from './moderation-view.js';

customElements.define('console-login', ConsoleLoginElement);
customElements.define('console-consultations', ConsoleConsultationsElement);
customElements.define('console-moderation', ConsoleModerationElement);
customElements.define('console-moderation-bulk', ConsoleModerationBulkElement);
customElements.define('console-invite', ConsoleInviteElement);
customElements.define('consult-console', ConsoleAppElement);
