// Vite turns CSS imports into stylesheets of the built page.
declare module '*.css';
