import { lazy } from 'react';
import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import Home from './pages/home/Home';
import LoggedIn from './pages/home/LoggedIn';
import { AccessibilityStatement, Contact, LoggedOut, Privacy } from './pages/info/InfoPages';

// Each area is loaded when first visited: a parent never downloads the staff console.
const CitizenArea = lazy(() => import('./pages/citizen/CitizenArea'));
const AnonymousChat = lazy(() => import('./pages/youth/AnonymousChat'));
const StaffArea = lazy(() => import('./pages/staff/StaffArea'));

/** Every address the pages have had stays: people keep bookmarks, and the browser tests open them directly.
 * /innbygger[/{subjectId}[/{section}[/...]]], /ungdom/chat, /ansatt[/chat|/admin[/epj|/tekster|/timebestilling]],
 * /innlogget (where a login opened from the youth chat lands), /logget-ut, the footer's /personvern, /kontakt and
 * /tilgjengelighet, and / for everything else. */
export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      { path: '/innbygger/*', element: <CitizenArea /> },
      { path: '/ungdom/chat/*', element: <AnonymousChat /> },
      { path: '/ansatt/*', element: <StaffArea /> },
      { path: '/innlogget', element: <LoggedIn /> },
      { path: '/logget-ut', element: <LoggedOut /> },
      { path: '/personvern', element: <Privacy /> },
      { path: '/kontakt', element: <Contact /> },
      { path: '/tilgjengelighet', element: <AccessibilityStatement /> },
      { path: '*', element: <Home /> },
    ],
  },
]);
