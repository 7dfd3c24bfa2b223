import { createApp } from 'vue';
import 'consult-widgets/proposal';
import App from './App.vue';

createApp(App).mount('#app');
