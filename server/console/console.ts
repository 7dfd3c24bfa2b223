// The operator console's entry (served at /admin/ by consult-server): registers its elements.
import { ConsoleAppElement } from './console-app.js';
import { ConsoleConsultationsElement } from './consultations-view.js';
import { ConsoleInviteElement } from './invite-view.js';
import { ConsoleLoginElement } from './login-view.js';
import { ConsoleModerationBulkElement } from './moderation-bulk.js';
import { ConsoleModerationElement } from './moderation-view.js';
import { ConsoleNewConsultationElement, ConsoleNewPollElement } from './poll-view.js';
import { ConsoleOperatorsElement } from './operators-view.js';

customElements.define('console-login', ConsoleLoginElement);
customElements.define('console-consultations', ConsoleConsultationsElement);
customElements.define('console-moderation', ConsoleModerationElement);
customElements.define('console-moderation-bulk', ConsoleModerationBulkElement);
customElements.define('console-new-poll', ConsoleNewPollElement);
customElements.define('console-new-consultation', ConsoleNewConsultationElement);
customElements.define('console-invite', ConsoleInviteElement);
customElements.define('console-operators', ConsoleOperatorsElement);
customElements.define('consult-console', ConsoleAppElement);
