// Runs after both module embeds: now the classic one, as a tag manager would add it.
const script = document.createElement('script');
script.src = '/dist/consult-widgets.iife.min.js';
script.addEventListener('load', () => document.documentElement.setAttribute('data-classic', 'loaded'));
document.head.append(script);
