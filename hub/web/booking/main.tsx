import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/i18n';
import { BookingApp } from './components/BookingApp';
import '../styles.css';
import './booking.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider title="book.title">
        <BookingApp />
      </I18nProvider>
    </StrictMode>,
  );
}
